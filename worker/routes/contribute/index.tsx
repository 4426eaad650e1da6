/**
 * 上报官方清单 (issue 12 item 1), no account, no JavaScript needed: GET /contribute?township=CODE
 * (or ?county=CODE) renders the form in the shell; POST /contribute stores the contribution and
 * answers with its code (no redirect: the code never sits in a URL; no-store); GET/POST
 * /contribute/track shows the status for a code (POST only: the code travels in the body).
 * Without proof of work a hand-in pays the report form's no-JS price (NO_JS_COST limiter tokens).
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  CONTRIBUTION_LIMITS,
  ContributionInput,
  contributionFileType,
  formToContribution,
  type ContributionFileType,
} from "../../../data/schema/contribution.ts";
import { localePath, t, translator } from "../../../site/i18n/index.ts";
import { factory, type AppEnv } from "../../env.ts";
import { html } from "../../ui/shell.ts";
import { honeypotTripped } from "../../domain/abuse.ts";
import { withinRateLimit } from "../../lib/rate-limit.ts";
import type { PublishedSource } from "../../domain/contribution.ts";
import { followContribution, handInContribution, type ContributionFile } from "../../services/contributions.ts";
import { countyTownships, type CountyTownships } from "../../db/contributions.ts";
import { connectingAddress } from "../../lib/request.ts";
import { readFormData } from "../../lib/form-body.ts";
import { CodePage, ContributeForm, StatusPage, TrackForm, type FormState } from "./views.tsx";

export const contributeRoutes = factory.createApp();

/** The whole multipart body: the file at its cap plus the text fields. */
const FORM_MAX_BYTES = CONTRIBUTION_LIMITS.fileBytes + 64 * 1024;

async function placeFor(c: Context<AppEnv>): Promise<CountyTownships | null> {
  const code = c.req.query("township") ?? c.req.query("county") ?? "";
  return /^\d{6}(\d{3})?$/.test(code) ? countyTownships(c.env.DB, code) : null;
}

const notFound = async (c: Context<AppEnv>) => {
  const tr = translator(c.get("lang"));
  return html(
    c,
    <article>
      <h1>{tr("contribute.title")}</h1>
      <p class="notice">{tr("contribute.place_missing")}</p>
      <p>
        <a href={localePath(c.get("lang"), "/")}>{tr("contribute.place_find")}</a>
      </p>
    </article>,
    { title: tr("contribute.title"), status: 404 },
  );
};

const showForm = async (c: Context<AppEnv>, place: CountyTownships, state: FormState, status = 200) => {
  const lang = c.get("lang");
  return html(c, <ContributeForm lang={lang} place={place} state={state} />, {
    title: t(lang, "contribute.title"),
    status,
    noStore: state.errors.length > 0 || !!state.values.url,
    variant: "contribute",
  });
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
  return html(
    c,
    <article>
      <h1>{t(lang, "contribute.title")}</h1>
      <p class="notice" role="alert">
        {t(lang, "contribute.e.file_large", { mb: CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024 })}
      </p>
    </article>,
    { title: t(lang, "contribute.title"), status: 413, noStore: true },
  );
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
    if (upload.size > CONTRIBUTION_LIMITS.fileBytes)
      errors.push({ path: "file", message: t(lang, "contribute.e.file_large", { mb: CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024 }) });
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

  // Like the report form: a solved challenge costs one token, a no-JS hand-in NO_JS_COST and the daily budgets.
  const altcha = form.get("altcha");
  const handIn = await handInContribution(c.env, {
    input: parsed.data,
    file,
    altcha: typeof altcha === "string" ? altcha : undefined,
    address: connectingAddress(c),
    officialHosts: () => officialHosts(c),
  });
  if (handIn.kind === "filed")
    return html(c, <CodePage lang={lang} code={handIn.code} government={handIn.governmentHost} />, {
      title: t(lang, "contribute.code.title"),
      noStore: true,
      status: 201,
    });
  const refused = {
    rate_limited: ["contribute.notice.rate_limited", 429],
    no_pow: ["contribute.notice.no_pow", 429],
    unavailable: ["contribute.notice.unavailable", 503],
  } as const;
  const [notice, status] = refused[handIn.kind];
  return showForm(c, county, { values, errors: [], notice: t(lang, notice) }, status);
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
  // Guessing is limited like receipt codes (TRACK_LIMITER); every wrong code gets the same answer.
  if (!(await withinRateLimit(c.env.TRACK_LIMITER, c.env, connectingAddress(c), "contribute-track"))) {
    return html(
      c,
      <article>
        <h1>{t(lang, "contribute.track.title")}</h1>
        <p class="notice" role="alert">
          {t(lang, "contribute.notice.rate_limited")}
        </p>
      </article>,
      { title: t(lang, "contribute.track.title"), status: 429, noStore: true },
    );
  }
  const found = await followContribution(c.env, typeof form.code === "string" ? form.code : "", () => publishedSources(c));
  if (!found) {
    return html(c, <TrackForm lang={lang} wrong />, { title: t(lang, "contribute.track.title"), status: 404, noStore: true });
  }
  return html(c, <StatusPage lang={lang} c={found} />, { title: t(lang, "contribute.status.title"), noStore: true });
};
contributeRoutes.post("/contribute/track", bodyLimit({ maxSize: 8 * 1024 }), trackPage);
contributeRoutes.post("/contribute/track/", bodyLimit({ maxSize: 8 * 1024 }), trackPage);
