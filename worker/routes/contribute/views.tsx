/**
 * The pages of 上报官方清单 (hono/jsx escapes every value): the form, the code once handed in,
 * the tracking form and a contribution's status. The form's script gets its strings from the page.
 */
import { CONTRIBUTION_LIMITS } from "../../../data/schema/contribution.ts";
import { localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import { label } from "../../../site/i18n/labels.ts";
import type { CountyTownships, TrackedContribution } from "../../db/contributions.ts";
import { ErrorSummary, ReceiptCode } from "../../ui/components.tsx";

export interface FormState {
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

export function ContributeForm(props: { lang: Lang; place: CountyTownships; state: FormState }) {
  const { lang, place, state } = props;
  const tr = translator(lang);
  const v = state.values;
  const error = (field: string) => state.errors.find((e) => e.path === field)?.message;
  const chosen = new Set(v.townships ?? []);
  const field = (name: string) => ({
    id: `field-${name}`,
    "aria-invalid": error(name) ? "true" : undefined,
    "aria-describedby": error(name) ? `error-${name}` : undefined,
  });
  const FieldError = ({ name }: { name: string }) =>
    error(name) ? (
      <p class="field-error" id={`error-${name}`}>
        {error(name)}
      </p>
    ) : null;
  return (
    <article>
      <h1>{tr("contribute.title")}</h1>
      <p class="lead">{tr("contribute.lead", { county: place.county.name })}</p>
      {state.notice && (
        <p class="notice" role="alert">
          {state.notice}
        </p>
      )}
      {state.errors.length > 0 && (
        <ErrorSummary
          focusable={false}
          heading={tr("contribute.errors.heading", { count: state.errors.length })}
          lines={state.errors.map((e) => ({ field: `field-${e.path}`, text: e.message }))}
        />
      )}
      <form
        method="post"
        action={localePath(lang, "/contribute")}
        enctype="multipart/form-data"
        class="report-form"
        novalidate
        data-contribute-form
        data-strings={JSON.stringify(scriptStrings(lang))}
      >
        <input type="hidden" name="county" value={place.county.code} />
        {/* Filled by the script's proof of work (site/islands/contribute/enhance.ts); empty without JS. */}
        <input type="hidden" name="altcha" value="" data-altcha />
        <fieldset>
          <legend>{tr("contribute.kind.legend")}</legend>
          <label class="choice">
            <input type="radio" name="kind" value="list" checked={v.kind !== "channel"} />
            {label(lang, "contribution_kind", "list")}
          </label>
          <label class="choice">
            <input type="radio" name="kind" value="channel" checked={v.kind === "channel"} />
            {label(lang, "contribution_kind", "channel")}
          </label>
        </fieldset>
        <fieldset {...field("townships")} class={error("townships") ? "has-error" : undefined}>
          <legend>{tr("contribute.townships.legend", { county: place.county.name })}</legend>
          <p class="hint">{tr("contribute.townships.hint")}</p>
          <FieldError name="townships" />
          <label class="choice">
            <input type="checkbox" name="wholeCounty" value="1" checked={v.wholeCounty} />
            {tr("contribute.townships.whole", { county: place.county.name, n: place.townships.length })}
          </label>
          <ul class="choice-grid">
            {place.townships.map((tw) => (
              <li>
                <label class="choice">
                  <input type="checkbox" name="townships" value={tw.code} checked={chosen.has(tw.code)} />
                  {tw.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class={error("url") ? "has-error" : undefined}>
          <label for="field-url">{tr("contribute.url.label")}</label>
          <p class="hint" id="hint-url">
            {tr("contribute.url.hint")}
          </p>
          <FieldError name="url" />
          <input
            type="url"
            name="url"
            inputmode="url"
            autocomplete="off"
            required
            maxlength={CONTRIBUTION_LIMITS.url}
            value={v.url ?? ""}
            {...field("url")}
            aria-describedby={error("url") ? "hint-url error-url" : "hint-url"}
          />
        </div>
        <div class={error("file") ? "has-error" : undefined}>
          <label for="field-file">{tr("contribute.file.label")}</label>
          <p class="hint" id="hint-file">
            {tr("contribute.file.hint", { mb: CONTRIBUTION_LIMITS.fileBytes / 1024 / 1024 })}
          </p>
          <p class="safety-inline" id="warn-file">
            <strong>{tr("contribute.file.warning")}</strong>
          </p>
          <FieldError name="file" />
          <input
            type="file"
            name="file"
            accept=".pdf,.docx,.xlsx,.csv"
            data-max-bytes={CONTRIBUTION_LIMITS.fileBytes}
            {...field("file")}
            aria-describedby={error("file") ? "hint-file warn-file error-file" : "hint-file warn-file"}
          />
          {state.errors.length > 0 && <p class="hint">{tr("contribute.file.again")}</p>}
        </div>
        <div class={error("note") ? "has-error" : undefined}>
          <label for="field-note">{tr("contribute.note.label")}</label>
          <p class="hint" id="hint-note">
            {tr("contribute.note.hint")}
          </p>
          <FieldError name="note" />
          <textarea name="note" maxlength={CONTRIBUTION_LIMITS.note} {...field("note")} aria-describedby={error("note") ? "hint-note error-note" : "hint-note"}>
            {v.note ?? ""}
          </textarea>
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
      <p>
        <a href={localePath(lang, "/contribute/track")}>{tr("contribute.track.link")}</a>
      </p>
    </article>
  );
}

export function CodePage(props: { lang: Lang; code: string; government: boolean }) {
  const tr = translator(props.lang);
  return (
    <article class="receipt">
      <h1>{tr("contribute.code.title")}</h1>
      <p>{tr("contribute.code.lead")}</p>
      <ReceiptCode id="contribution-code-label" label={tr("contribute.code.label")} code={props.code} />
      <p class="notice">
        <strong>{tr("contribute.code.once")}</strong>
      </p>
      <p>{tr(props.government ? "contribute.code.government" : "contribute.code.not_government")}</p>
      <p>{tr("contribute.code.next")}</p>
      <p>
        <a href={localePath(props.lang, "/contribute/track")}>{tr("contribute.track.link")}</a>
      </p>
    </article>
  );
}

export function TrackForm(props: { lang: Lang; wrong?: boolean }) {
  const tr = translator(props.lang);
  return (
    <article>
      <h1>{tr("contribute.track.title")}</h1>
      <p>{tr("contribute.track.lead")}</p>
      {props.wrong && (
        <p class="field-error" id="error-code" role="alert">
          {tr("contribute.track.wrong")}
        </p>
      )}
      <form method="post" action={localePath(props.lang, "/contribute/track")}>
        <label for="field-code">{tr("contribute.code.label")}</label>
        <input
          type="text"
          id="field-code"
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          required
          aria-invalid={props.wrong ? "true" : undefined}
          aria-describedby={props.wrong ? "error-code" : undefined}
        />
        <button type="submit">{tr("contribute.track.button")}</button>
      </form>
    </article>
  );
}

const STATUS_STEPS = ["received", "reviewing", "done"] as const;

export function StatusPage(props: { lang: Lang; c: TrackedContribution }) {
  const { c } = props;
  const tr = translator(props.lang);
  const reached = c.status === "received" ? 0 : c.status === "reviewing" ? 1 : 2;
  const done = c.status === "accepted" || c.status === "declined";
  return (
    <article class="track">
      <h1>{tr("contribute.status.title")}</h1>
      <p class="track-status" data-status={c.status}>
        <strong>{label(props.lang, "contribution_status", c.status)}</strong>
      </p>
      <ol class="stages">
        {STATUS_STEPS.map((step, i) => (
          <li class={i <= reached ? "stage stage-done" : "stage"} aria-current={i === reached ? "step" : undefined}>
            <strong>
              {step === "done"
                ? done
                  ? label(props.lang, "contribution_status", c.status)
                  : tr("contribute.status.outcome")
                : label(props.lang, "contribution_status", step)}
            </strong>
            {i === 0 && <span> · {c.receivedOn}</span>}
            {i === 2 && c.outcomeOn && <span> · {c.outcomeOn}</span>}
            {i === reached && !done && <span class="stage-state"> · {tr("contribute.status.current")}</span>}
          </li>
        ))}
      </ol>
      {c.status === "accepted" && c.outcomePath && (
        <p>
          <a href={c.outcomePath}>{tr("contribute.status.accepted_link")}</a>
        </p>
      )}
      {c.status === "declined" && c.outcomeReason && (
        <p>
          {tr("contribute.status.reason")}
          <span lang="zh-CN">{c.outcomeReason}</span>
        </p>
      )}
      <dl class="facts contribution-facts">
        <div>
          <dt>{tr("contribute.status.kind")}</dt>
          <dd>{label(props.lang, "contribution_kind", c.kind)}</dd>
        </div>
        <div>
          <dt>{tr("contribute.url.label")}</dt>
          <dd>
            <a href={c.url} rel="noopener noreferrer">
              {c.url}
            </a>
          </dd>
        </div>
        <div>
          <dt>{tr("contribute.status.file")}</dt>
          <dd>{tr(c.hasFile ? "contribute.status.file_yes" : "contribute.status.file_no")}</dd>
        </div>
      </dl>
    </article>
  );
}
