/**
 * The hand-off of a report that reached no body (issue 10 item 3), shown by the next-steps page
 * (worker/routes/report/) and by /track (worker/routes/track/): one component for both.
 */
import { localePath, translator, type Lang } from "../../site/i18n/index.ts";
import { sourceLine, type HandoffView } from "../domain/handoff.ts";

/** The official national channel shown when no joined body can receive a report. */
export const OFFICIAL_CHANNEL_URL = "https://www.12388.gov.cn/";

/**
 * The hand-off (issue 10 item 3): says the report reached no body, gives the ready text as a
 * plain <pre> and a .txt download (no JS needed; site/islands/handoff/copy.ts adds a copy button
 * after [data-handoff-text], with the labels given here as data-copy-*),
 * then the channel's steps and address from its data record, with its source.
 */
export function Handoff({ lang, handoff }: { lang: Lang; handoff: HandoffView }) {
  const tr = translator(lang);
  const c = handoff.channel;
  const channelName = c?.name ?? tr("report.next.official");
  return (
    <section
      class="handoff"
      aria-labelledby="handoff-heading"
      data-handoff
      data-copy-label={tr("report.handoff.copy")}
      data-copied-label={tr("report.handoff.copied")}
      data-copy-failed-label={tr("report.handoff.copy_failed")}
    >
      <p class="notice">
        <strong>{tr("report.handoff.none")}</strong>
      </p>
      <h2 id="handoff-heading">{tr("report.handoff.heading")}</h2>
      <p>{tr("report.handoff.intro", { channel: channelName })}</p>
      <pre class="handoff-text" data-handoff-text lang="zh-CN">
        {handoff.text}
      </pre>
      <p>
        <a download="qingdan-fanying.txt" href={`data:text/plain;charset=utf-8,${encodeURIComponent(handoff.text)}`}>
          {tr("report.handoff.download")}
        </a>
      </p>
      {c && (
        <div class="handoff-channel">
          {c.howTo && <p>{tr("report.handoff.steps", { channel: c.name, operator: c.operator ?? c.name, howTo: c.howTo })}</p>}
          {c.url && (
            <p>
              {tr("report.handoff.address")}
              <a href={c.url} rel="noreferrer">
                {c.url}
              </a>
            </p>
          )}
          {c.phone && <p>{tr("report.handoff.phone", { phone: c.phone })}</p>}
          {c.publicMailbox && <p>{tr("report.handoff.mailbox", { address: c.publicMailbox.address, source: sourceLine(c.publicMailbox.source) })}</p>}
          {c.source && <p class="muted">{tr("report.handoff.source", { source: sourceLine(c.source) })}</p>}
        </div>
      )}
      {!c && (
        <p>
          <a href={OFFICIAL_CHANNEL_URL} rel="noreferrer">
            {channelName}
          </a>
        </p>
      )}
      <p class="muted">{tr("report.handoff.never_sent")}</p>
      <p class="muted">
        {tr("report.handoff.join")}
        <a href={localePath(lang, "/join")}>{tr("report.handoff.join_link")}</a>
        {tr("report.handoff.sentence_end")}
      </p>
    </section>
  );
}
