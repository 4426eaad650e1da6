/** Builds the hand-off view of a report that reached no body (next-steps page and /track). */
import type { Lang } from "../../site/i18n/index.ts";
import { handoffChannel, handoffReport } from "../db/handoff.ts";
import { handoffText, reachedNoBody, type HandoffView } from "../domain/handoff.ts";

/** Null when a joined body holds the report, or when its content is gone (retention). */
export async function handoffView(
  db: D1Database,
  lang: Lang,
  reportId: string,
  decisions: readonly { joined: boolean; channelId: string | null }[],
): Promise<HandoffView | null> {
  if (!reachedNoBody(decisions)) return null;
  const report = await handoffReport(db, reportId);
  if (!report) return null;
  const channelId = decisions.find((d) => d.channelId)?.channelId;
  return { text: handoffText(lang, report), channel: channelId ? await handoffChannel(db, channelId) : null };
}
