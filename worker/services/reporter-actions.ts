/**
 * What a reporter does with their receipt code on their own report (issue #5 §3, issue #6 §3, §8),
 * once the code is checked and the input parsed (worker/routes/track/schema.ts): a message to the
 * bodies, a reopen (contest the conclusion; the reason reaches the body as a message), a rating
 * of each body's handling once its case has a conclusion, consent to a published summary.
 * Stores only the day: no address, agent or time of the reporter's action.
 */
import type { Bindings } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { TRANSITIONS } from "../domain/lifecycle.ts";
import { beijingToday } from "../domain/working-days.ts";
import { batchSchedule, nextBatch } from "../domain/delivery-batch.ts";
import { hasPendingReopen, insertMessage, insertReopenRequest, reportAssignments, setPublishConsent, type TrackedReport } from "../db/track.ts";
import { rateHandling } from "./transition.ts";

/** A reporter's action, parsed. */
export type ReporterAction =
  | { action: "message"; text: string }
  | { action: "reopen"; reason: string }
  | { action: "rate"; rating: number; body?: string | undefined }
  | { action: "consent"; consent: "yes" | "no" };
export type ActionName = ReporterAction["action"];

/** `body`: the body case a rating addressed (the rated one, or the one asked for when refused). */
export type ActionResult =
  | { ok: true; action: ActionName; body?: string }
  | { ok: false; action: ActionName; status: 400 | 409; path: string; key: string; body?: string };

const NOT_ALLOWED: Record<"reopen" | "rate", string> = { reopen: "track.reopen.e_not_allowed", rate: "track.rate.e_not_allowed" };

/** The reporter may contest a conclusion (lifecycle's reopen rule) on their own report, not on one merged into another. */
export const mayReopen = (own: TrackedReport) => own.mergedInto === null && TRANSITIONS.reopen.from.includes(own.status);

/** Carries out a reporter's action on their own report; a refusal names the field and the message's key. */
export async function reporterAction(env: Bindings, own: TrackedReport, a: ReporterAction): Promise<ActionResult> {
  const action = a.action;
  const today = beijingToday();
  // Reached no body (issue 10): a message, reopen or rating would wait for a body that does not exist.
  if (a.action !== "consent" && (await reportAssignments(env.DB, own.mergedInto ?? own.id)).length === 0) {
    return { ok: false, action, status: 409, path: "action", key: "track.e_no_body" };
  }
  if (a.action === "message") {
    // The bodies see it from the next delivery batch (security M1), never at the moment it was written.
    const visibleFrom = nextBatch(Date.now(), batchSchedule(env));
    await insertMessage(env.DB, { reportId: own.id, onDay: today, direction: "to_body", kind: "message", bodyId: null, text: a.text, visibleFrom }).run();
  } else if (a.action === "reopen") {
    const refused = { ok: false, action, status: 409, path: "action", key: NOT_ALLOWED.reopen } as const;
    if (!mayReopen(own)) return refused;
    if (await hasPendingReopen(env.DB, own.id)) return refused;
    // Applied in the next delivery batch by the hourly cron (security M1): the body never learns when it was asked.
    await insertReopenRequest(env.DB, own.id, a.reason, nextBatch(Date.now(), batchSchedule(env)));
  } else if (a.action === "consent") {
    await setPublishConsent(env.DB, own.id, a.consent === "yes");
  } else {
    const refused = { ok: false, action, status: 409, path: "action", key: NOT_ALLOWED.rate, body: a.body } as const;
    if (own.mergedInto !== null) return refused;
    try {
      return { ok: true, action, body: await rateHandling(env.DB, own.id, a.body, a.rating, today) };
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") return refused;
      throw e;
    }
  }
  return { ok: true, action };
}
