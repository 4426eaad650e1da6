/**
 * Worker-rendered pages of the report channel (hono/jsx escapes every value), filled into the
 * built shell (worker/ui/shell.ts): the receipt, the confirm step, what happens next (the tracking
 * view is in worker/routes/track/views.tsx). Every one carries the receipt code or what it unlocks: `Cache-Control: no-store`.
 */
import { localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import { missingBody } from "../../../site/i18n/labels.ts";
import { shownBodyName } from "../../../site/i18n/body-name.ts";
import type { RoutingOutcome } from "../../domain/routing.ts";
import type { HandoffView } from "../../domain/handoff.ts";
import { Handoff, OFFICIAL_CHANNEL_URL } from "../../ui/handoff.tsx";
import { ReceiptCode } from "../../ui/components.tsx";

export function ReceiptPage(props: { lang: Lang; code: string; wrongConfirm?: boolean; rateLimited?: boolean }) {
  const { lang, code } = props;
  const tr = translator(lang);
  return (
    <article class="receipt">
      <h1>{tr("report.receipt.title")}</h1>
      <p>{tr("report.receipt.lead")}</p>
      <ReceiptCode id="receipt-code-label" label={tr("report.receipt.code_label")} code={code} />
      <p class="notice">
        <strong>{tr("report.receipt.once")}</strong>
      </p>
      {props.rateLimited && (
        <p class="notice" role="alert">
          {tr("track.rate_limited")}
        </p>
      )}
      <form method="post" action={localePath(lang, "/report/confirm")} class="receipt-confirm">
        <h2>{tr("report.receipt.confirm.heading")}</h2>
        <input type="hidden" name="code" value={code} />
        <label for="field-lastGroup">{tr("report.receipt.confirm.label")}</label>
        {props.wrongConfirm && (
          <p class="field-error" id="error-lastGroup">
            {tr("report.receipt.confirm.wrong")}
          </p>
        )}
        <input
          id="field-lastGroup"
          type="text"
          name="lastGroup"
          maxlength={4}
          autocomplete="off"
          autocapitalize="characters"
          required
          aria-invalid={props.wrongConfirm ? "true" : undefined}
          aria-describedby={props.wrongConfirm ? "error-lastGroup" : undefined}
        />
        <button type="submit" class="primary">
          {tr("report.receipt.confirm.button")}
        </button>
      </form>
    </article>
  );
}

/** The official channel routing chose for the area (its name and address), or 12388 when none is known. */
function OfficialChannel({ lang, d }: { lang: Lang; d?: RoutingOutcome }) {
  if (!d?.channelUrl)
    return (
      <a href={OFFICIAL_CHANNEL_URL} rel="noreferrer">
        {translator(lang)("report.next.official")}
      </a>
    );
  return (
    <a href={d.channelUrl} rel="noreferrer" lang="zh-CN">
      {d.channelName}
    </a>
  );
}

/**
 * A later post of a form whose token is spent (issue 15 item 4): nothing was filed and the code is
 * never shown again; says so, and how to track with a code that was kept.
 */
export function FormSpentPage(props: { lang: Lang }) {
  const tr = translator(props.lang);
  return (
    <article class="receipt-spent">
      <h1>{tr("report.spent.title")}</h1>
      <p>{tr("report.spent.lead")}</p>
      <p class="notice">
        <strong>{tr("report.spent.once")}</strong>
      </p>
      <p>
        {tr("report.spent.kept")} <a href={localePath(props.lang, "/track")}>{tr("report.spent.track")}</a>
      </p>
      <p>{tr("report.spent.lost")}</p>
      <p>
        <a href={localePath(props.lang, "/report")}>{tr("report.spent.new")}</a>
      </p>
    </article>
  );
}

export function NextStepsPage(props: {
  lang: Lang;
  code: string;
  decisions: RoutingOutcome[];
  handoff?: HandoffView | null;
  /** The delivery batch the report still waits for ("YYYY-MM-DD HH:00", Beijing), null once delivered. */
  batch: string | null;
}) {
  const { lang } = props;
  const tr = translator(lang);
  const joined = props.decisions.filter((d) => d.joined && d.bodyName);
  // A forwarded report keeps its first decisions (worker/db/reports.ts routingOutcomes): a body that
  // holds it now is not also «尚未加入», and a body still missing is named once, not once per round.
  const holding = new Set(joined.flatMap((d) => (d.bodyId ? [d.bodyId] : [])));
  const missingName = (d: RoutingOutcome) => (d.bodyName ? shownBodyName(lang, d.bodyName) : missingBody(lang, d.reasonParams));
  const name = (d: RoutingOutcome) => shownBodyName(lang, d.bodyName!);
  const notJoined = props.decisions
    .filter((d) => d.status === "not_joined" && !(d.bodyId && holding.has(d.bodyId)))
    .filter((d, i, all) => all.findIndex((o) => missingName(o) === missingName(d)) === i);
  // The accused body is left out on purpose (conflict of interest): say so, never "not joined".
  const excluded = props.decisions.filter((d) => d.status === "excluded" && d.bodyName);
  return (
    <article class="receipt-next">
      <h1>{tr("report.next.title")}</h1>
      <ul>
        {joined.map((d) => (
          <li>{props.batch ? tr("report.next.batch", { body: name(d), batch: props.batch }) : tr("report.next.delivered", { body: name(d) })}</li>
        ))}
        {notJoined.map((d) => (
          <li>
            {tr("report.next.not_joined", { body: missingName(d) })}{" "}
            {/* With a hand-off, its channel is the one to use: one channel on the page, never two that disagree. */}
            {props.handoff ? <a href="#handoff-heading">{tr("report.next.see_handoff")}</a> : <OfficialChannel lang={lang} d={d} />}
          </li>
        ))}
        {excluded.map((d) => (
          <li>{tr("report.next.excluded", { body: name(d) })}</li>
        ))}
        {props.decisions.length === 0 && (
          <li>
            {tr("report.next.none")}{" "}
            <a href={OFFICIAL_CHANNEL_URL} rel="noreferrer">
              {tr("report.next.official")}
            </a>
          </li>
        )}
      </ul>
      {/* The longest of the receiving bodies' own acknowledgement deadlines. */}
      {joined.length > 0 && <p>{tr("report.next.deadlines", { ack: Math.max(...joined.map((d) => d.ackDays ?? 0)) })}</p>}
      {props.handoff && <Handoff lang={lang} handoff={props.handoff} />}
      <form method="post" action={localePath(lang, "/track")}>
        <input type="hidden" name="code" value={props.code} />
        <button type="submit" class="primary">
          {tr("report.next.track")}
        </button>
      </form>
    </article>
  );
}
