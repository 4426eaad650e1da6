/**
 * The use case "a body opens one of its reports" (issue 14 item 2): the report, only if the body
 * holds it (404 otherwise, worker/services/transition.ts `loadAssigned`), the body's read marker
 * moved to what it can see now, for this body only (a co-holding body still sees the report
 * unread), and the view recorded in the audit log (`view_report`, issue 16: a read that is
 * recorded), both in one batch. Returns what the body had seen before, so the page can mark what is new.
 */
import type { AssignedReport } from "../db/inbox.ts";
import { auditStatement, type ActingUser } from "../db/audit.ts";
import { markReadStatement, readMarker, type ReadMarker } from "../db/case-reads.ts";
import { loadAssigned } from "./transition.ts";

export async function openCase(
  db: D1Database,
  user: ActingUser,
  reportId: string,
  now: number = Date.now(),
): Promise<{ report: AssignedReport; seenBefore: ReadMarker }> {
  const report = await loadAssigned(db, user.bodyId, reportId);
  const seenBefore = await readMarker(db, report.id, user.bodyId);
  await db.batch([
    markReadStatement(db, report.id, user.bodyId, now),
    auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "view_report", reportId: report.id }, now),
  ]);
  return { report, seenBefore };
}
