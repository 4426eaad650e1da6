/**
 * One report as its body sees it (/oversight/reports/:id): content, routing reason, delivery
 * state, deadlines, history, transfers, the message thread, internal notes, evidence, and the
 * forms for the actions the lifecycle allows. The route loads it (opening the case marks it read
 * and records the view: worker/services/case-reads.ts); this module only draws it.
 */
import type { Context } from "hono";
import { availableActions, heldCaseStage, TRANSITIONS, type Action } from "../../../domain/lifecycle.ts";
import type { AssignedReport, reportDetails } from "../../../db/oversight.ts";
import type { ReadMarker } from "../../../db/case-reads.ts";
import { SUMMARY_MAX, SUMMARY_MIN, summaryRefusal, type Summary } from "../../../db/summaries.ts";
import type { OversightEnv } from "../../../auth/session.ts";
import { Choice, FieldProblem, fieldProblem, type KeptForm, keptValue, Nav, opath, TextForm } from "../views.tsx";
import { lb, page, tr } from "../../../ui/backoffice.tsx";
import { Csrf, ErrorSummary } from "../../../ui/components.tsx";
import { deliveryStateLabel, routingReasonLabel } from "../../../../site/i18n/labels.ts";
import type { RoutingReasonParams } from "../../../../data/schema/routing-rule.ts";
import { placeLabel } from "../../../../data/schema/division.ts";
import { beijingTime } from "../../../domain/working-days.ts";
import { t as message, type MessageKey } from "../../../../site/i18n/index.ts";
import type { EvidenceMediaType } from "../../../../data/schema/report-limits.ts";
import { shownBodyName } from "../../../../site/i18n/body-name.ts";

/** An evidence file's kind in words (its media type is one the intake accepts). */
const MEDIA_KIND = {
  "image/jpeg": "oversight.media.jpeg",
  "image/png": "oversight.media.png",
  "application/pdf": "oversight.media.pdf",
} as const satisfies Record<EvidenceMediaType, MessageKey>;

/** The id of a field of a form on this page, for the error summary's links (the summary's section: its form may not be drawn). */
const fieldId = (form: string, path: string) => ({ messages: "message-text", notes: "note-text", summary: "summary" })[form] ?? `${form}-${path}`;

/** The error summary of a refused form: each line names its field by the field's label. */
function KeptSummary({ c, kept }: { c: Context<OversightEnv>; kept: KeptForm }) {
  const t = tr(c);
  const labelOf = (path: string) =>
    ({ messages: t("oversight.report.message"), notes: t("oversight.report.note"), summary: t("oversight.summary.label") })[kept.form] ??
    message(c.get("lang"), `oversight.field.${path}`, undefined, { fallback: path });
  const colon = t("punct.colon");
  return (
    <ErrorSummary
      heading={kept.title}
      lines={kept.errors.map((e) => ({ field: fieldId(kept.form, e.path), text: `${labelOf(e.path)}${colon}${e.message}` }))}
    />
  );
}

function ActionForm({
  c,
  reportId,
  action,
  bodies,
  kept,
}: {
  c: Context<OversightEnv>;
  reportId: string;
  action: Action;
  bodies: { id: string; name: string }[];
  kept?: KeptForm;
}) {
  const t = tr(c);
  const requires = TRANSITIONS[action].requires;
  const id = (name: string) => fieldId(action, name);
  const problem = (name: string) => fieldProblem(kept, action, name);
  const invalid = (name: string) => (problem(name) ? { "aria-invalid": "true" as const, "aria-describedby": `${id(name)}-error` } : {});
  return (
    <form method="post" action={opath(c, `/reports/${reportId}/transition`)}>
      <fieldset>
        <legend>{t(`oversight.action.${action}`)}</legend>
        <Csrf token={c.get("user").csrf} />
        <input type="hidden" name="action" value={action} />
        {requires.includes("target_body") && (
          <p>
            <label for={id("target_body")}>{t("oversight.field.target_body")}</label>
            <FieldProblem id={id("target_body")} text={problem("target_body")} />
            <select id={id("target_body")} name="target_body" required {...invalid("target_body")}>
              {bodies.map((b) => (
                <option value={b.id} selected={keptValue(kept, action, "target_body") === b.id}>
                  {shownBodyName(c.get("lang"), b.name)}
                </option>
              ))}
            </select>
          </p>
        )}
        {(["reason", "finding", "remedy"] as const).map(
          (name) =>
            requires.includes(name) && (
              <p>
                <label for={id(name)}>{t(`oversight.field.${name}`)}</label>
                <FieldProblem id={id(name)} text={problem(name)} />
                <textarea id={id(name)} name={name} required rows={3} {...invalid(name)}>
                  {keptValue(kept, action, name)}
                </textarea>
              </p>
            ),
        )}
        {requires.includes("merged_into") && (
          <p>
            <label for={id("merged_into")}>{t("oversight.field.merged_into")}</label>
            <FieldProblem id={id("merged_into")} text={problem("merged_into")} />
            <input id={id("merged_into")} name="merged_into" required value={keptValue(kept, action, "merged_into")} {...invalid("merged_into")} />
          </p>
        )}
        <button type="submit">{t(`oversight.action.${action}`)}</button>
      </fieldset>
    </form>
  );
}

/** What the body had not seen before this visit (the inbox's alert, named the same way). */
const NewBadge = ({ label }: { label: string }) => (
  <>
    <mark class="flag">{label}</mark>{" "}
  </>
);

/**
 * The published summary (worker/db/summaries.ts): the reporter's consent, the state of the
 * body's text, the draft form (admins and triagers, once concluded with consent), and the
 * approve / withdraw buttons (admins).
 */
function SummarySection({ c, report, summary, kept }: { c: Context<OversightEnv>; report: AssignedReport; summary: Summary | null; kept?: KeptForm }) {
  const t = tr(c);
  const user = c.get("user");
  const refusal = summaryRefusal(report);
  const action = opath(c, `/reports/${report.id}/summary`);
  const Step = ({ step, label }: { step: string; label: string }) => (
    <form method="post" action={action} class="inline">
      <Csrf token={user.csrf} />
      <input type="hidden" name="step" value={step} />
      <button type="submit">{label}</button>
    </form>
  );
  // A refused step comes back with its reason beside the form and the text kept.
  const problem = kept?.form === "summary" ? { message: kept.errors[0]?.message ?? kept.title, text: kept.values.text ?? "" } : undefined;
  const described = problem ? "summary-hint summary-text-error" : "summary-hint";
  return (
    <section id="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t("oversight.summary.heading")}</h2>
      <p>{t(report.publish_consent ? "oversight.summary.consent_yes" : "oversight.summary.consent_no")}</p>
      {summary && (
        <>
          <p class="summary-state" data-state={summary.state}>
            {t(`oversight.summary.state.${summary.state}`, { day: summary.approvedOn ?? summary.draftedOn })}
          </p>
          <blockquote>{summary.text}</blockquote>
        </>
      )}
      {refusal === "not_concluded" && <p class="hint">{t("oversight.summary.after_conclusion")}</p>}
      {problem && refusal !== null && (
        <p class="notice" role="alert">
          {problem.message}
        </p>
      )}
      {refusal === null && user.role !== "viewer" && (
        <form method="post" action={action}>
          <Csrf token={user.csrf} />
          <input type="hidden" name="step" value="draft" />
          <p>
            <label for="summary-text">{t("oversight.summary.label")}</label>
          </p>
          <p class="hint" id="summary-hint">
            {t("oversight.summary.hint", { min: SUMMARY_MIN, max: SUMMARY_MAX })}
          </p>
          {problem && (
            <p class="field-error" id="summary-text-error">
              {problem.message}
            </p>
          )}
          <textarea
            id="summary-text"
            name="text"
            required
            rows={4}
            minlength={SUMMARY_MIN}
            maxlength={SUMMARY_MAX}
            aria-describedby={described}
            aria-invalid={problem ? "true" : undefined}
          >
            {problem?.text ?? summary?.text ?? ""}
          </textarea>
          <button type="submit">{t("oversight.summary.save")}</button>
        </form>
      )}
      {refusal === null && user.role === "admin" && summary?.state === "draft" && <Step step="approve" label={t("oversight.summary.approve")} />}
      {user.role === "admin" && summary?.state === "approved" && <Step step="withdraw" label={t("oversight.summary.withdraw")} />}
    </section>
  );
}

/** What the case page shows, loaded by the route. */
export interface CaseShown {
  report: AssignedReport;
  /** What the body had seen before this opening (the «新» marks). */
  seenBefore: ReadMarker;
  details: Awaited<ReturnType<typeof reportDetails>>;
  /** The duty item's name when the report names one of the township's list. */
  dutyName: string | null;
  /** Where it can be transferred (empty unless the lifecycle allows a transfer). */
  bodies: { id: string; name: string }[];
}

/** The case page; `kept` when a form on it was refused (drawn again with its values and an error summary at the top). */
export async function reportPage(c: Context<OversightEnv>, shown: CaseShown, kept?: KeptForm, status = 200): Promise<Response> {
  const t = tr(c);
  const user = c.get("user");
  const { report, seenBefore, details: d, dutyName, bodies } = shown;
  const lang = c.get("lang");
  const l = lb(c);
  const actions = availableActions(report.status, user.role);
  const canAct = user.role !== "viewer";
  return page(
    c,
    report.title,
    <>
      <Nav c={c} />
      {kept && <KeptSummary c={c} kept={kept} />}
      <h1>{report.title}</h1>
      <dl>
        <dt>{t("oversight.report.status")}</dt>
        <dd>
          {/* The stage the reporter sees too (one vocabulary), with the finding when there is one. */}
          {report.outcome && report.outcome !== "merged" && heldCaseStage(report) !== "declined"
            ? t("oversight.report.stage_outcome", { stage: l("stage", heldCaseStage(report)), outcome: l("outcome", report.outcome) })
            : l("stage", heldCaseStage(report))}
        </dd>
        <dt>{t("oversight.inbox.category")}</dt>
        <dd>{l("category", report.category)}</dd>
        <dt>{t("oversight.report.where")}</dt>
        <dd>
          <span lang="zh-CN">{placeLabel(d.placeNames, "full")}</span>{" "}
          <span class="muted">
            {t("punct.aside", { text: `${t("oversight.report.codes")}${t("punct.colon")}${report.village_code ?? report.township_code}` })}
          </span>
        </dd>
        <dt>{t("oversight.report.imposer")}</dt>
        <dd>
          {report.imposer_name}
          {t("punct.aside", { text: t("oversight.report.imposer_level", { level: l("level", report.imposer_level) }) })}
        </dd>
        <dt>{t("oversight.report.duty")}</dt>
        <dd>
          {l("list_status", report.list_status)}
          {report.list_status === "on_list" && ` · ${dutyName ?? t("oversight.report.duty_unlinked")}`}
        </dd>
        <dt>{t("oversight.inbox.received")}</dt>
        <dd>{report.received_on}</dd>
        <dt>{t("oversight.inbox.ack_due")}</dt>
        <dd>{report.ack_due_on ?? "—"}</dd>
        <dt>{t("oversight.inbox.conclude_due")}</dt>
        <dd>{report.conclude_due_on ?? "—"}</dd>
        <dt>{t("oversight.report.reporters")}</dt>
        <dd>{report.reporter_count}</dd>
        {report.duplicate_group && (
          <>
            <dt>{t("oversight.inbox.group")}</dt>
            <dd>
              <a href={opath(c, `?group=${encodeURIComponent(report.duplicate_group)}`)}>{report.duplicate_group}</a>
            </dd>
          </>
        )}
      </dl>
      <h2>{t("oversight.report.description")}</h2>
      <p>{report.description}</p>

      <h2>{t("oversight.report.routing")}</h2>
      {d.routing.length + d.transfers.length === 0 && <p class="muted">{t("oversight.report.routing_none")}</p>}
      <ul>
        {d.routing.map((r) => (
          <li>
            {r.body_name && `${shownBodyName(lang, r.body_name)}${t("punct.colon")}`}
            {routingReasonLabel(lang, r.reason_code, JSON.parse(r.reason_params) as RoutingReasonParams)}
          </li>
        ))}
        {d.transfers.map((tr_) => (
          <li>
            {t(tr_.escalated ? "oversight.report.escalated" : "oversight.report.transferred", {
              from: shownBodyName(lang, tr_.from_name),
              to: shownBodyName(lang, tr_.to_name),
              day: tr_.on_day,
            })}
            {t("punct.colon")}
            {tr_.reason}
          </li>
        ))}
      </ul>
      <h2>{t("oversight.report.delivery")}</h2>
      {d.delivery.length === 0 && <p class="muted">{t("oversight.report.delivery_none")}</p>}
      <ul>
        {d.delivery.map((j) => (
          <li>
            {deliveryStateLabel(lang, j)}
            {j.delivered_on && t("punct.aside", { text: j.delivered_on })}
          </li>
        ))}
      </ul>

      {d.evidence.length > 0 && (
        <>
          <h2>{t("oversight.report.evidence")}</h2>
          <ul>
            {d.evidence.map((e) => (
              <li>
                <a href={opath(c, `/reports/${report.id}/evidence/${e.id}`)}>
                  {t("oversight.report.evidence_file", {
                    kind: t(MEDIA_KIND[e.media_type as EvidenceMediaType]),
                    kb: Math.max(1, Math.round(e.bytes / 1024)),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t("oversight.report.history")}</h2>
      <ol>
        {d.events.map((e) => (
          <li>
            {e.kind === "reopen" && e.actor === "reporter" && e.body_id === user.bodyId && e.seq > seenBefore.event_seq && (
              <NewBadge label={t("oversight.flag.reopen")} />
            )}
            {e.on_day} ·{" "}
            {e.to_status && e.kind !== "received"
              ? t("oversight.report.event_status", { event: l("event", e.kind), status: l("status", e.to_status) })
              : l("event", e.kind)}
            {e.public_text && `${t("punct.colon")}${e.public_text}`}
          </li>
        ))}
      </ol>

      <h2>{t("oversight.report.thread")}</h2>
      <ol>
        {d.messages.map((m) => (
          <li>
            {m.direction === "to_body" && m.seq > seenBefore.message_seq && <NewBadge label={t("oversight.flag.message")} />}
            {m.on_day} ·{" "}
            {t(
              m.direction === "to_body"
                ? "oversight.report.from_reporter"
                : m.kind === "public_reply"
                  ? "oversight.report.public_reply"
                  : "oversight.report.to_reporter",
            )}
            : {m.text ?? t("oversight.report.purged")}
          </li>
        ))}
      </ol>
      {canAct && (
        <TextForm
          action={opath(c, `/reports/${report.id}/messages`)}
          csrf={user.csrf}
          id="message-text"
          label={t("oversight.report.message")}
          submit={t("oversight.report.send")}
          value={keptValue(kept, "messages", "text")}
          problem={fieldProblem(kept, "messages", "text")}
        >
          <Choice
            id="kind"
            selected={keptValue(kept, "messages", "kind", "public_reply")}
            label={t("oversight.report.message_kind")}
            options={[
              { value: "public_reply", label: t("oversight.report.public_reply") },
              { value: "message", label: t("oversight.report.to_reporter") },
            ]}
          />
        </TextForm>
      )}

      <h2>{t("oversight.report.notes")}</h2>
      <p class="hint">{t("oversight.report.notes_hint")}</p>
      <ul>
        {d.notes.map((n) => (
          <li>
            <time datetime={new Date(n.at).toISOString()}>{beijingTime(n.at)}</time> · {n.display_name}: {n.text}
          </li>
        ))}
      </ul>
      {canAct && (
        <TextForm
          action={opath(c, `/reports/${report.id}/notes`)}
          csrf={user.csrf}
          id="note-text"
          label={t("oversight.report.note")}
          submit={t("oversight.report.add_note")}
          value={keptValue(kept, "notes", "text")}
          problem={fieldProblem(kept, "notes", "text")}
        />
      )}

      <SummarySection c={c} report={report} summary={d.summary} kept={kept} />

      {actions.length > 0 && (
        <>
          <h2>{t("oversight.report.actions")}</h2>
          {actions.map((a) => (
            <ActionForm c={c} reportId={report.id} action={a} bodies={bodies} kept={kept} />
          ))}
        </>
      )}
    </>,
    status,
  );
}
