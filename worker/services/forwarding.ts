/**
 * Nothing waits in vain (issue 10 item 4): a daily task routes to a body that joined recently the
 * reports that reached no body, whose reporters consented on the form («如果以后有受理机构加入，
 * 同意转交给它»), filed in the last 12 months in its area. Each goes through the normal routing
 * plan with the CURRENT rules (worker/delivery/plan.ts): new routing decisions with their reason
 * codes after the first ones (which stay in the record, with the hand-off), an assignment and
 * delivery jobs due in the next delivery batch (worker/domain/delivery-batch.ts), and a
 * `forwarded` event the reporter sees on /track. A report the current rules route to no joined
 * body is left as it is. Idempotent: a forwarded report is held by a joined body and is never
 * picked again; a second run the same day writes nothing.
 */
import type { Bindings } from "../env.ts";
import { planDelivery } from "../delivery/plan.ts";
import { batchSchedule, nextBatch } from "../domain/delivery-batch.ts";
import { beijingToday, shiftDays } from "../domain/working-days.ts";
import { forwardedEventStatement, waitingReports } from "../db/forwarding.ts";

/**
 * Bodies that joined this many days ago or less are looked at: more than one day, so a daily run
 * that failed, or a rules change deployed a few days after `load:bodies`, is caught up.
 */
export const FORWARD_JOINED_WITHIN_DAYS = 7;
/** Reports filed this many months ago or less are forwarded (by filing day). */
export const FORWARD_FILED_WITHIN_MONTHS = 12;

/** The first filing day still forwarded on `today`: the same day 12 months earlier. */
export function forwardFiledSince(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - FORWARD_FILED_WITHIN_MONTHS);
  return d.toISOString().slice(0, 10);
}

/** Forwards the waiting reports (see above) as of `now` (ms); returns how many were forwarded. */
export async function forwardWaitingReports(
  env: Pick<Bindings, "DB" | "DELIVERY_BATCH_HOURS" | "DELIVERY_MIN_DELAY_MIN">,
  now: number = Date.now(),
): Promise<number> {
  const today = beijingToday(new Date(now));
  const waiting = await waitingReports(env.DB, shiftDays(today, -FORWARD_JOINED_WITHIN_DAYS), forwardFiledSince(today));
  const batchAt = nextBatch(now, batchSchedule(env));
  let forwarded = 0;
  let failed = 0;
  for (const report of waiting) {
    try {
      const plan = await planDelivery(env, report, today, batchAt, report.lastSeq + 1);
      const receivers = plan.decisions.flatMap((d) => (d.status === "routed" && d.bodyId ? [d.bodyId] : []));
      if (receivers.length === 0) continue;
      // One batch per report: its decisions, assignments, jobs and events together, or nothing.
      await env.DB.batch([...plan.statements, ...receivers.map((bodyId) => forwardedEventStatement(env.DB, report.id, bodyId, today))]);
      forwarded++;
    } catch {
      // One report failing does not stop the others; it is tried again the next day.
      failed++;
    }
  }
  // No ids or content in the message (worker/scheduled.ts logs only the task's name).
  if (failed > 0) throw new Error(`forwarding: ${failed} reports not forwarded`);
  return forwarded;
}
