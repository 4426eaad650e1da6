/**
 * The use case "a body opens one of its reports" (issue 14 item 2): the report, only if the body
 * holds it (404 otherwise, worker/services/transition.ts `loadAssigned`), and the body's read
 * marker moved to what it can see now, for this body only (a co-holding body still sees the
 * report unread). Returns what the body had seen before, so the page can mark what is new.
 */
import type { AssignedReport } from "../db/inbox.ts";
import { markReadStatement, readMarker, type ReadMarker } from "../db/case-reads.ts";
import { loadAssigned } from "./transition.ts";

export async function openCase(db: D1Database, bodyId: string, reportId: string, now: number = Date.now()): Promise<{ report: AssignedReport; seenBefore: ReadMarker }> {
  const report = await loadAssigned(db, bodyId, reportId);
  const seenBefore = await readMarker(db, report.id, bodyId);
  await markReadStatement(db, report.id, bodyId, now).run();
  return { report, seenBefore };
}
