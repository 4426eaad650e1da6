/**
 * The tracking view of /track (hono/jsx escapes every value), filled into the built shell
 * (worker/ui/shell.ts). It carries the receipt code: `Cache-Control: no-store`.
 */
import { localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import { label } from "../../../site/i18n/labels.ts";
import { shownBodyName } from "../../../site/i18n/body-name.ts";
import type { TrackedCase } from "../../domain/track.ts";
import type { StageId } from "../../domain/lifecycle.ts";
import type { MessageRow } from "../../db/track.ts";
import { monthLabel, type HandoffView } from "../../domain/handoff.ts";
import { Handoff } from "../../ui/handoff.tsx";
import { CaseRatings, type RateableCase } from "./case-rating.tsx";

export interface TrackViewProps {
  lang: Lang;
  code: string;
  /** The report's cached status (a data attribute only) and its overall stage: the least advanced case. */
  status: string;
  stage: StageId;
  cases: TrackedCase[];
  /** Which report it is: category, township, month of filing; the title (null once retention took it). */
  report: { category: string; place: string; month: string; title: string | null };
  merged: { reporterCount: number } | null;
  replies: MessageRow[];
  messages: MessageRow[];
  messageError?: boolean;
  messageSent?: boolean;
  /** The reporter may reopen (contest the conclusion). */
  canReopen?: boolean;
  /** The body cases the reporter may rate (each concluded case), with their ratings if given. */
  rateable?: RateableCase[];
  /** The body whose case the last rating action addressed (its form shows the notice or error). */
  rateBody?: string | null;
  /** The reporter allows a published summary (worker/db/summaries.ts). */
  publishConsent?: boolean;
  /** The action just carried out, and an error message per refused action. */
  done?: "message" | "reopen" | "rate" | "consent" | null;
  errors?: Partial<Record<"message" | "reopen" | "rate" | "consent", string>>;
  /** Retention of the reporter's content (worker/domain/retention.ts): the day it goes, or the day it went. */
  content?: { dueOn: string } | { purgedOn: string };
  /** The report reached no body (issue 10): the «未送达» stage, the hand-off (null once content is gone), no message box. */
  undelivered?: { handoff: HandoffView | null } | null;
}

/** One body's case on /track: its stage, days, running deadline, finding, public replies and summary link. */
function TrackCase({ lang, c, replies }: { lang: Lang; c: TrackedCase; replies: MessageRow[] }) {
  const tr = translator(lang);
  return (
    <li class={`case stage-${c.stage}`} data-stage={c.stage} data-body={c.bodyId}>
      <h3>{shownBodyName(lang, c.bodyName)}</h3>
      <p class="case-stage">
        <strong>{label(lang, "stage", c.stage)}</strong>
        {c.transfer && <span> · {tr("track.case.transferred", { day: c.transfer.day, body: shownBodyName(lang, c.transfer.to) })}</span>}
      </p>
      {c.forwardedOn && (
        <p class="case-forwarded">
          {c.forwardedOn} · {label(lang, "event", "forwarded")}
        </p>
      )}
      {c.days.length > 0 && (
        <ul class="case-days">
          {c.days.map((d) => (
            <li>{tr(`track.case.day.${d.step}`, { day: d.day })}</li>
          ))}
        </ul>
      )}
      {c.due && (
        <p class={c.due.overdue ? "case-due overdue" : "case-due"}>
          {tr(`track.case.due.${c.due.step}`, { day: c.due.day })}
          {c.due.workingDaysLeft !== null && <span> · {tr("track.case.days_left", { n: c.due.workingDaysLeft })}</span>}
          {c.due.overdue && <strong> {tr("track.case.overdue")}</strong>}
        </p>
      )}
      {c.finding && <p class="case-finding">{tr("track.case.finding", { outcome: label(lang, "outcome", c.finding) })}</p>}
      {c.publicText && <p class="case-text">{c.declined ? tr("track.case.reason", { text: c.publicText }) : c.publicText}</p>}
      {replies.length > 0 && (
        <>
          <h4>{tr("track.replies.heading")}</h4>
          <ol class="replies">
            {replies.map((m) => (
              <li>
                <p class="meta">{m.onDay}</p>
                <p>{m.text}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      {c.summaryYear && (
        <p class="case-summary">
          <a href={`${localePath(lang, "/stats")}?year=${c.summaryYear}#summaries`}>{tr("track.case.summary")}</a>
        </p>
      )}
    </li>
  );
}

export function TrackView(props: TrackViewProps) {
  const { lang } = props;
  const tr = translator(lang);
  // Each public reply goes under its body's row (the last one: a merged reporter's own rows come first).
  const rowOf = new Map(props.cases.map((c, i) => [c.bodyId, i]));
  const repliesOf = (i: number) => props.replies.filter((m) => m.bodyId !== null && rowOf.get(m.bodyId) === i);
  // A reply by a body that has no row here (should not happen): still shown, never lost.
  const otherReplies = props.replies.filter((m) => m.bodyId === null || !rowOf.has(m.bodyId));
  return (
    <article class="track">
      <h1>{tr("track.title")}</h1>
      <p class="notice">{tr("track.keep_code")}</p>

      <section class="track-which" aria-labelledby="which-heading">
        <h2 id="which-heading">{tr("track.which.heading")}</h2>
        <dl>
          <dt>{tr("track.which.category")}</dt>
          <dd>{label(lang, "category", props.report.category)}</dd>
          <dt>{tr("track.which.place")}</dt>
          <dd lang="zh-CN">{props.report.place}</dd>
          <dt>{tr("track.which.month")}</dt>
          <dd>{monthLabel(lang, props.report.month)}</dd>
        </dl>
        {props.report.title !== null && (
          <details class="track-title">
            <summary>{tr("track.which.show_title")}</summary>
            <p class="hint">{tr("track.which.title_hint")}</p>
            <p>{props.report.title}</p>
          </details>
        )}
      </section>

      <h2>{tr("track.overall.heading")}</h2>
      <p class="track-status" data-status={props.status} data-stage={props.stage}>
        <strong>{label(lang, "stage", props.stage)}</strong>
      </p>
      {props.merged && <p>{tr("track.merged", { count: props.merged.reporterCount })}</p>}
      {props.content && (
        <p class="track-retention">
          {"purgedOn" in props.content
            ? tr("track.retention.purged", { day: props.content.purgedOn })
            : tr("track.retention.due", { day: props.content.dueOn })}
        </p>
      )}
      {props.undelivered?.handoff && <Handoff lang={lang} handoff={props.undelivered.handoff} />}

      {props.cases.length > 0 && (
        <section aria-labelledby="cases-heading">
          <h2 id="cases-heading">{tr("track.cases.heading")}</h2>
          <ul class="cases">
            {props.cases.map((c, i) => (
              <TrackCase lang={lang} c={c} replies={repliesOf(i)} />
            ))}
          </ul>
        </section>
      )}

      {/* Nobody on the platform holds it: no replies can come and no message box leads nowhere. */}
      {!props.undelivered && (
        <>
          {otherReplies.length > 0 && (
            <>
              <h2>{tr("track.replies.heading")}</h2>
              <ol class="replies">
                {otherReplies.map((m) => (
                  <li>
                    <p class="meta">
                      {m.onDay} · {m.bodyName ? shownBodyName(lang, m.bodyName) : tr("track.message.from_body")}
                    </p>
                    <p>{m.text}</p>
                  </li>
                ))}
              </ol>
            </>
          )}

          <h2 id="messages-heading">{tr("track.messages.heading")}</h2>
          {props.messages.length === 0 ? (
            <p>{tr("track.messages.none")}</p>
          ) : (
            <ol class="messages">
              {props.messages.map((m) => (
                <li class={m.direction}>
                  <p class="meta">
                    {m.onDay} ·{" "}
                    {m.direction === "to_body"
                      ? tr("track.message.from_reporter")
                      : m.bodyName
                        ? shownBodyName(lang, m.bodyName)
                        : tr("track.message.from_body")}
                  </p>
                  <p>{m.text}</p>
                </li>
              ))}
            </ol>
          )}
          {props.messageSent && (
            <p class="notice" role="status">
              {tr("track.message.sent")}
            </p>
          )}
          <form method="post" action={localePath(lang, "/track")} class="message-form">
            <input type="hidden" name="code" value={props.code} />
            <input type="hidden" name="action" value="message" />
            <label for="field-text">{tr("track.message.label")}</label>
            <p class="hint" id="hint-text">
              {tr("track.message.hint")}
            </p>
            {props.messageError && (
              <p class="field-error" id="error-text">
                {tr("track.message.e_length")}
              </p>
            )}
            <textarea
              id="field-text"
              name="text"
              rows={4}
              maxlength={2000}
              required
              aria-describedby={props.messageError ? "hint-text error-text" : "hint-text"}
              aria-invalid={props.messageError ? "true" : undefined}
            ></textarea>
            <button type="submit">{tr("track.message.send")}</button>
          </form>
        </>
      )}
      {props.undelivered && props.errors?.message && (
        <p class="notice" role="alert">
          {props.errors.message}
        </p>
      )}
      {props.done === "reopen" && (
        <p class="notice" role="status">
          {tr("track.reopen.done")}
        </p>
      )}
      {!props.canReopen && props.errors?.reopen && (
        <p class="notice" role="alert">
          {props.errors.reopen}
        </p>
      )}
      {props.canReopen && (
        <form method="post" action={localePath(lang, "/track")} class="reopen-form" aria-labelledby="reopen-heading">
          <h2 id="reopen-heading">{tr("track.reopen.heading")}</h2>
          <input type="hidden" name="code" value={props.code} />
          <input type="hidden" name="action" value="reopen" />
          <label for="field-reason">{tr("track.reopen.label")}</label>
          <p class="hint" id="hint-reason">
            {tr("track.reopen.hint")}
          </p>
          {props.errors?.reopen && (
            <p class="field-error" id="error-reason">
              {props.errors.reopen}
            </p>
          )}
          <textarea
            id="field-reason"
            name="reason"
            rows={3}
            maxlength={500}
            required
            aria-describedby={props.errors?.reopen ? "hint-reason error-reason" : "hint-reason"}
            aria-invalid={props.errors?.reopen ? "true" : undefined}
          ></textarea>
          <button type="submit">{tr("track.reopen.submit")}</button>
        </form>
      )}

      <CaseRatings
        lang={lang}
        code={props.code}
        rateable={props.rateable ?? []}
        rateBody={props.rateBody ?? null}
        done={props.done === "rate"}
        error={props.errors?.rate}
      />

      <section class="consent-form" aria-labelledby="consent-heading">
        <h2 id="consent-heading">{tr("track.consent.heading")}</h2>
        {props.done === "consent" && (
          <p class="notice" role="status">
            {tr("track.consent.done")}
          </p>
        )}
        <p>{tr(props.publishConsent ? "track.consent.yes" : "track.consent.no")}</p>
        <form method="post" action={localePath(lang, "/track")}>
          <input type="hidden" name="code" value={props.code} />
          <input type="hidden" name="action" value="consent" />
          <input type="hidden" name="consent" value={props.publishConsent ? "no" : "yes"} />
          <button type="submit">{tr(props.publishConsent ? "track.consent.withdraw" : "track.consent.give")}</button>
        </form>
      </section>
    </article>
  );
}
