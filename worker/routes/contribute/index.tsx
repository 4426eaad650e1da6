/**
 * 上报官方清单 (issue 12 item 1), no account, no JavaScript needed: GET /contribute?township=CODE
 * (or ?county=CODE) renders the form in the shell; POST /contribute stores the contribution and
 * answers with its code (no redirect: the code never sits in a URL; no-store); GET/POST
 * /contribute/track shows the status for a code (POST only: the code travels in the body).
 * Without proof of work a hand-in pays the report form's no-JS price (NO_JS_COST limiter tokens).
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { CONTRIBUTION_LIMITS, ContributionInput, contributionFileType, formToContribution, type ContributionFileType } from "../../../data/schema/contribution.ts";
import { localePath, t, translator, type Lang } from "../../../site/i18n/index.ts";
import { label } from "../../../site/i18n/labels.ts";
import { factory, type AppEnv } from "../../env.ts";
import { html } from "../../ui/shell.ts";
import { ErrorSummary, ReceiptCode } from "../../ui/components.tsx";
import { honeypotTripped, NO_JS_COST, noPowCaps, noPowSourceScope, protectionDisabled, verifyProofOfWork, withinRateLimit } from "../../domain/abuse.ts";
import { takeDailyQuota } from "../../db/no-pow.ts";
import { contributionCodeHash, publishedFor, type PublishedSource } from "../../domain/contribution.ts";
import { submitContribution, type ContributionFile } from "../../services/contributions.ts";
import { beijingToday } from "../../domain/working-days.ts";
import { normaliseReceiptCode, receiptKeys, ReceiptKeyMissingError } from "../../domain/receipt.ts";
import { contributionByCodeHash, countyTownships, markContributionPublished, type CountyTownships, type TrackedContribution } from "../../db/contributions.ts";
import { connectingAddress } from "../report/shared.ts";
import { readFormData } from "../../lib/form-body.ts";

export const contributeRoutes = factory.createApp();

/** The whole multipart body: the file at its cap plus the text fields. */
const FORM_MAX_BYTES = CONTRIBUTION_LIMITS.fileBytes + 64 * 1024;

interface FormState {
  values: { kind?: string; townships?: string[]; wholeCounty?: boolean; url?: string; note?: string };
  errors: { path: string; message: string }[];
  notice?: string;
}

/** The script's messages, from the catalogue (islands get their strings from the page). */
function scriptStrings(lang: Lang) {
  const tr = translator(lang);
  const mb = CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024;
  return {
    working: tr("contribute.js.working"),
    progress: tr("contribute.js.progress"),
    processing: tr("contribute.js.processing"),
    failed: tr("contribute.js.failed"),
    fileType: tr("contribute.js.file_type"),
    fileSize: tr("contribute.js.file_size", { mb }),
  };
}

function ContributeForm(props: { lang: Lang; place: CountyTownships; state: FormState }) {
  const { lang, place, state } = props;
  const tr = translator(lang);
  const v = state.values;
  const error = (field: string) => state.errors.find((e) => e.path === field)?.message;
  const chosen = new Set(v.townships ?? []);
  const field = (name: string) => ({ id: `field-${name}`, "aria-invalid": error(name) ? "true" : undefined, "aria-describedby": error(name) ? `error-${name}` : undefined });
  const FieldError = ({ name }: { name: string }) => (error(name) ? <p class="field-error" id={`error-${name}`}>{error(name)}</p> : null);
  return (
    <article>
      <h1>{tr("contribute.title")}</h1>
      <p class="lead">{tr("contribute.lead", { county: place.county.name })}</p>
      {state.notice && <p class="notice" role="alert">{state.notice}</p>}
      {state.errors.length > 0 && <ErrorSummary focusable={false} heading={tr("contribute.errors.heading", { count: state.errors.length })} lines={state.errors.map((e) => ({ field: `field-${e.path}`, text: e.message }))} />}
      <form method="post" action={localePath(lang, "/contribute")} enctype="multipart/form-data" class="report-form" novalidate data-contribute-form data-strings={JSON.stringify(scriptStrings(lang))}>
        <input type="hidden" name="county" value={place.county.code} />
        {/* Filled by the script's proof of work (site/islands/contribute/enhance.ts); empty without JS. */}
        <input type="hidden" name="altcha" value="" data-altcha />
        <fieldset>
          <legend>{tr("contribute.kind.legend")}</legend>
          <label class="choice"><input type="radio" name="kind" value="list" checked={v.kind !== "channel"} />{label(lang, "contribution_kind", "list")}</label>
          <label class="choice"><input type="radio" name="kind" value="channel" checked={v.kind === "channel"} />{label(lang, "contribution_kind", "channel")}</label>
        </fieldset>
        <fieldset {...field("townships")} class={error("townships") ? "has-error" : undefined}>
          <legend>{tr("contribute.townships.legend", { county: place.county.name })}</legend>
          <p class="hint">{tr("contribute.townships.hint")}</p>
          <FieldError name="townships" />
          <label class="choice"><input type="checkbox" name="wholeCounty" value="1" checked={v.wholeCounty} />{tr("contribute.townships.whole", { county: place.county.name, n: place.townships.length })}</label>
          <ul class="choice-grid">
            {place.townships.map((tw) => (
              <li><label class="choice"><input type="checkbox" name="townships" value={tw.code} checked={chosen.has(tw.code)} />{tw.name}</label></li>
            ))}
          </ul>
        </fieldset>
        <div class={error("url") ? "has-error" : undefined}>
          <label for="field-url">{tr("contribute.url.label")}</label>
          <p class="hint" id="hint-url">{tr("contribute.url.hint")}</p>
          <FieldError name="url" />
          <input type="url" name="url" inputmode="url" autocomplete="off" required maxlength={CONTRIBUTION_LIMITS.url} value={v.url ?? ""} {...field("url")} aria-describedby={error("url") ? "hint-url error-url" : "hint-url"} />
        </div>
        <div class={error("file") ? "has-error" : undefined}>
          <label for="field-file">{tr("contribute.file.label")}</label>
          <p class="hint" id="hint-file">{tr("contribute.file.hint", { mb: CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024 })}</p>
          <p class="safety-inline" id="warn-file"><strong>{tr("contribute.file.warning")}</strong></p>
          <FieldError name="file" />
          <input type="file" name="file" accept=".pdf,.docx,.xlsx,.csv" data-max-bytes={CONTRIBUTION_LIMITS.fileBytes} {...field("file")} aria-describedby={error("file") ? "hint-file warn-file error-file" : "hint-file warn-file"} />
          {state.errors.length > 0 && <p class="hint">{tr("contribute.file.again")}</p>}
        </div>
        <div class={error("note") ? "has-error" : undefined}>
          <label for="field-note">{tr("contribute.note.label")}</label>
          <p class="hint" id="hint-note">{tr("contribute.note.hint")}</p>
          <FieldError name="note" />
          <textarea name="note" maxlength={CONTRIBUTION_LIMITS.note} {...field("note")} aria-describedby={error("note") ? "hint-note error-note" : "hint-note"}>{v.note ?? ""}</textarea>
        </div>
        <div class="visually-hidden" aria-hidden="true">
          <label for="field-website">{tr("contribute.honeypot")}</label>
          <input type="text" name="website" id="field-website" tabindex={-1} autocomplete="off" />
        </div>
        <section class="safety">
          <h2>{tr("contribute.safety.heading")}</h2>
          <p>{tr("contribute.safety.stored")}</p>
          <p>{tr("contribute.safety.review")}</p>
        </section>
        <p class="upload-status" role="status" data-upload-status hidden></p>
        <progress max={100} value={0} aria-label={tr("contribute.js.progress_label")} data-upload-progress hidden />
        <button type="submit">{tr("contribute.submit")}</button>
      </form>
      <p><a href={localePath(lang, "/contribute/track")}>{tr("contribute.track.link")}</a></p>
    </article>
  );
}

function CodePage(props: { lang: Lang; code: string; government: boolean }) {
  const tr = translator(props.lang);
  return (
    <article class="receipt">
      <h1>{tr("contribute.code.title")}</h1>
      <p>{tr("contribute.code.lead")}</p>
      <ReceiptCode id="contribution-code-label" label={tr("contribute.code.label")} code={props.code} />
      <p class="notice"><strong>{tr("contribute.code.once")}</strong></p>
      <p>{tr(props.government ? "contribute.code.government" : "contribute.code.not_government")}</p>
      <p>{tr("contribute.code.next")}</p>
      <p><a href={localePath(props.lang, "/contribute/track")}>{tr("contribute.track.link")}</a></p>
    </article>
  );
}

function TrackForm(props: { lang: Lang; wrong?: boolean }) {
  const tr = translator(props.lang);
  return (
    <article>
      <h1>{tr("contribute.track.title")}</h1>
      <p>{tr("contribute.track.lead")}</p>
      {props.wrong && <p class="field-error" id="error-code" role="alert">{tr("contribute.track.wrong")}</p>}
      <form method="post" action={localePath(props.lang, "/contribute/track")}>
        <label for="field-code">{tr("contribute.code.label")}</label>
        <input type="text" id="field-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} required aria-invalid={props.wrong ? "true" : undefined} aria-describedby={props.wrong ? "error-code" : undefined} />
        <button type="submit">{tr("contribute.track.button")}</button>
      </form>
    </article>
  );
}

const STATUS_STEPS = ["received", "reviewing", "done"] as const;

function StatusPage(props: { lang: Lang; c: TrackedContribution }) {
  const { c } = props;
  const tr = translator(props.lang);
  const reached = c.status === "received" ? 0 : c.status === "reviewing" ? 1 : 2;
  const done = c.status === "accepted" || c.status === "declined";
  return (
    <article class="track">
      <h1>{tr("contribute.status.title")}</h1>
      <p class="track-status" data-status={c.status}><strong>{label(props.lang, "contribution_status", c.status)}</strong></p>
      <ol class="stages">
        {STATUS_STEPS.map((step, i) => (
          <li class={i <= reached ? "stage stage-done" : "stage"} aria-current={i === reached ? "step" : undefined}>
            <strong>{step === "done" ? (done ? label(props.lang, "contribution_status", c.status) : tr("contribute.status.outcome")) : label(props.lang, "contribution_status", step)}</strong>
            {i === 0 && <span> · {c.receivedOn}</span>}
            {i === 2 && c.outcomeOn && <span> · {c.outcomeOn}</span>}
            {i === reached && !done && <span class="stage-state"> · {tr("contribute.status.current")}</span>}
          </li>
        ))}
      </ol>
      {c.status === "accepted" && c.outcomePath && <p><a href={c.outcomePath}>{tr("contribute.status.accepted_link")}</a></p>}
      {c.status === "declined" && c.outcomeReason && <p>{tr("contribute.status.reason")}<span lang="zh-CN">{c.outcomeReason}</span></p>}
      <dl class="facts contribution-facts">
        <div><dt>{tr("contribute.status.kind")}</dt><dd>{label(props.lang, "contribution_kind", c.kind)}</dd></div>
        <div><dt>{tr("contribute.url.label")}</dt><dd><a href={c.url} rel="noopener noreferrer">{c.url}</a></dd></div>
        <div><dt>{tr("contribute.status.file")}</dt><dd>{tr(c.hasFile ? "contribute.status.file_yes" : "contribute.status.file_no")}</dd></div>
      </dl>
    </article>
  );
}

async function placeFor(c: Context<AppEnv>): Promise<CountyTownships | null> {
  const code = c.req.query("township") ?? c.req.query("county") ?? "";
  return /^\d{6}(\d{3})?$/.test(code) ? countyTownships(c.env.DB, code) : null;
}

const notFound = async (c: Context<AppEnv>) => {
  const tr = translator(c.get("lang"));
  return html(c, <article><h1>{tr("contribute.title")}</h1><p class="notice">{tr("contribute.place_missing")}</p><p><a href={localePath(c.get("lang"), "/")}>{tr("contribute.place_find")}</a></p></article>, { title: tr("contribute.title"), status: 404 });
};

const showForm = async (c: Context<AppEnv>, place: CountyTownships, state: FormState, status = 200) => {
  const lang = c.get("lang");
  return html(c, <ContributeForm lang={lang} place={place} state={state} />, { title: t(lang, "contribute.title"), status, noStore: state.errors.length > 0 || !!state.values.url, variant: "contribute" });
};

const formPage = async (c: Context<AppEnv>) => {
  const place = await placeFor(c);
  if (!place) return notFound(c);
  const township = c.req.query("township");
  return showForm(c, place, { values: { townships: township && township.length === 9 ? [township] : [] }, errors: [] });
};
contributeRoutes.get("/contribute", formPage);
contributeRoutes.get("/contribute/", formPage);

const tooLarge = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  return html(c, <article><h1>{t(lang, "contribute.title")}</h1><p class="notice" role="alert">{t(lang, "contribute.e.file_large", { mb: CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024 })}</p></article>, { title: t(lang, "contribute.title"), status: 413, noStore: true });
};

const submit = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const form = await readFormData(c, () => tooLarge(c));
  if (form instanceof Response) return form;
  const candidate = formToContribution(form) as Record<string, unknown>;
  const county = typeof candidate.county === "string" && /^\d{6}$/.test(candidate.county) ? await countyTownships(c.env.DB, candidate.county) : null;
  if (!county) return notFound(c);
  const values: FormState["values"] = {
    kind: candidate.kind as string | undefined,
    townships: candidate.townships as string[],
    wholeCounty: candidate.wholeCounty as boolean,
    url: candidate.url as string | undefined,
    note: candidate.note as string | undefined,
  };
  const errors: FormState["errors"] = [];
  const parsed = ContributionInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? "url");
      if (!errors.some((e) => e.path === path)) errors.push({ path, message: t(lang, issue.message, undefined, { fallback: t(lang, "e.invalid") }) });
    }
  } else if (parsed.data.townships.some((code) => !county.townships.some((tw) => tw.code === code))) {
    errors.push({ path: "townships", message: t(lang, "contribute.e.townships") });
  }
  let file: ContributionFile | null = null;
  const upload = form.get("file");
  if (upload && typeof upload !== "string" && upload.size > 0) {
    if (upload.size > CONTRIBUTION_LIMITS.fileBytes) errors.push({ path: "file", message: t(lang, "contribute.e.file_large", { mb: CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024 }) });
    else {
      const bytes = new Uint8Array(await upload.arrayBuffer());
      const type = contributionFileType(upload.name, bytes.subarray(0, 8));
      if (type.ok) file = { bytes, name: upload.name, type: type.type as ContributionFileType };
      else errors.push({ path: "file", message: t(lang, type.code) });
    }
  }
  if (honeypotTripped(form.get("website"))) errors.push({ path: "url", message: t(lang, "contribute.e.honeypot") });
  const order = ["kind", "townships", "url", "file", "note"];
  errors.sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
  if (errors.length > 0 || !parsed.success) return showForm(c, county, { values, errors }, 400);

  // Like the report form: a solved challenge costs one token, a no-JS hand-in NO_JS_COST.
  const altcha = form.get("altcha");
  const solved = await verifyProofOfWork(c.env, typeof altcha === "string" ? altcha : undefined);
  if (!(await withinRateLimit(c.env.INTAKE_LIMITER, c.env, connectingAddress(c), "contribute", solved ? 1 : NO_JS_COST))) {
    return showForm(c, county, { values, errors: [], notice: t(lang, "contribute.notice.rate_limited") }, 429);
  }
  // Without proof of work, also the report form's daily budgets (per source, per county), counted apart from reports.
  if (!solved && !protectionDisabled(c.env)) {
    const today = beijingToday();
    const caps = noPowCaps(c.env);
    const withinSource = await takeDailyQuota(c.env.DB, today, `contribute-${noPowSourceScope(c.env.RATE_KEY, connectingAddress(c), today)}`, caps.source);
    if (!withinSource || !(await takeDailyQuota(c.env.DB, today, `contribute-county:${county.county.code}`, caps.county))) {
      return showForm(c, county, { values, errors: [], notice: t(lang, "contribute.notice.no_pow") }, 429);
    }
  }
  try {
    const result = await submitContribution(c.env, parsed.data, file, await officialHosts(c));
    return html(c, <CodePage lang={lang} code={result.code} government={result.governmentHost} />, { title: t(lang, "contribute.code.title"), noStore: true, status: 201 });
  } catch (err) {
    if (err instanceof ReceiptKeyMissingError) return showForm(c, county, { values, errors: [], notice: t(lang, "contribute.notice.unavailable") }, 503);
    throw err;
  }
};
const limit = bodyLimit({ maxSize: FORM_MAX_BYTES, onError: tooLarge });
contributeRoutes.post("/contribute", limit, submit);
contributeRoutes.post("/contribute/", limit, submit);

const trackForm = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  return html(c, <TrackForm lang={lang} />, { title: t(lang, "contribute.track.title") });
};
contributeRoutes.get("/contribute/track", trackForm);
contributeRoutes.get("/contribute/track/", trackForm);

/** Extra official hosts from the build (/data/official-hosts.json); none when the file is missing. */
async function officialHosts(c: Context<AppEnv>): Promise<string[]> {
  const res = await c.env.ASSETS.fetch(new Request(new URL("/data/official-hosts.json", c.req.url)));
  return res.ok ? ((await res.json()) as { hosts: string[] }).hosts : [];
}

async function publishedSources(c: Context<AppEnv>): Promise<PublishedSource[]> {
  const res = await c.env.ASSETS.fetch(new Request(new URL("/data/list-sources.json", c.req.url)));
  if (!res.ok) return [];
  return ((await res.json()) as { sources: PublishedSource[] }).sources;
}

const trackPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const form = await c.req.parseBody();
  const normalised = normaliseReceiptCode(typeof form.code === "string" ? form.code : "");
  // Guessing is limited like receipt codes (TRACK_LIMITER); every wrong code gets the same answer.
  if (!(await withinRateLimit(c.env.TRACK_LIMITER, c.env, connectingAddress(c), "contribute-track"))) {
    return html(c, <article><h1>{t(lang, "contribute.track.title")}</h1><p class="notice" role="alert">{t(lang, "contribute.notice.rate_limited")}</p></article>, { title: t(lang, "contribute.track.title"), status: 429, noStore: true });
  }
  const hash = normalised ? contributionCodeHash(receiptKeys(c.env), normalised) : null;
  const found = hash ? await contributionByCodeHash(c.env.DB, hash) : null;
  if (found && hash && (found.status === "received" || found.status === "reviewing")) {
    // 已收录 once a deploy carries a list with this source (the build's /data/list-sources.json).
    const published = publishedFor(found, await publishedSources(c));
    if (published) {
      await markContributionPublished(c.env.DB, hash, published.path, beijingToday()).run();
      Object.assign(found, { status: "accepted", outcomePath: published.path, outcomeOn: beijingToday() });
    }
  }
  if (!found) {
    return html(c, <TrackForm lang={lang} wrong />, { title: t(lang, "contribute.track.title"), status: 404, noStore: true });
  }
  return html(c, <StatusPage lang={lang} c={found} />, { title: t(lang, "contribute.status.title"), noStore: true });
};
contributeRoutes.post("/contribute/track", bodyLimit({ maxSize: 8 * 1024 }), trackPage);
contributeRoutes.post("/contribute/track/", bodyLimit({ maxSize: 8 * 1024 }), trackPage);
