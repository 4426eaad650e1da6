/**
 * The use case "a report changes status" (DOMAIN.md "Report lifecycle"): a body user's action, a
 * transfer (the third one escalates to the level above), the reporter's reopen and rating. The
 * rules are worker/domain/lifecycle.ts `transition()`; this module reads what it needs, turns a
 * refusal into an AppError and writes the change, its event and its audit entry in ONE batch.
 * Isolation: a report is read only through the body's ACTIVE assignment; a report held by
 * another body is "not found", never "forbidden", so its existence leaks nothing.
 */
import type { Bindings } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { beijingToday } from "../domain/working-days.ts";
import { RATEABLE, transition, type Action, type Actor, type TransitionInput } from "../domain/lifecycle.ts";
import type { ReportStatus } from "../domain/report-status.ts";
import type { AssignedReport } from "../db/inbox.ts";
import { auditStatement } from "../db/audit.ts";
import { withdrawOnReopen } from "../db/summaries.ts";
import { caseRatings, saveRating } from "../db/ratings.ts";
import { deleteReopenRequest, dueReopenRequests, insertMessage } from "../db/track.ts";
import { bodyFromRow } from "../db/bodies.ts";
import {
  addReportersStatement,
  assignedReport,
  joinedBodyAt,
  bodyById,
  deriveReportStatement,
  eventStatement,
  excludedByRouting,
  casesOf,
  statusUpdateStatement,
  transferStatements,
  transferTargets,
} from "../db/oversight.ts";
import { ENQUEUE_GRACE_MS, enqueueJobs, jobStatementsFor } from "../delivery/jobs.ts";
import { bodyAreasFor, escalationTarget, isAccused } from "../domain/routing.ts";

const notFound = () => new AppError("not_found");
const invalid = (path: string) => new AppError("unprocessable", { fields: [{ path, code: "e.invalid" }] });

/** The report if `bodyId` holds it now; otherwise 404 (the same answer as for a report that does not exist). */
export async function loadAssigned(db: D1Database, bodyId: string, reportId: string): Promise<AssignedReport> {
  const report = await assignedReport(db, bodyId, reportId);
  if (!report) throw notFound();
  return report;
}

/** A body is in conflict with a report it is accused in: by name, or as routing excluded it. */
async function inConflict(db: D1Database, report: Pick<AssignedReport, "id" | "imposer_name">, body: { id: string; name: string }): Promise<boolean> {
  return isAccused(body, report.imposer_name) || (await excludedByRouting(db, report.id, body.id));
}

/** The bodies the transfer form offers: joined, not the holder, not in conflict with the report (security H4). */
export async function transferTargetsFor(
  db: D1Database,
  holderId: string,
  report: Pick<AssignedReport, "id" | "imposer_name" | "township_code">,
): Promise<{ id: string; name: string }[]> {
  // Only bodies that could handle the report's place (issue 14 item 1): none of another province's.
  return (await transferTargets(db, holderId, report.id, bodyAreasFor(report.township_code))).filter((b) => !isAccused(b, report.imposer_name));
}

export interface AppliedTransition {
  to: ReportStatus;
  /** Body that holds the report after a transfer (the level above on escalation). */
  heldBy: string;
  escalated: boolean;
}

export interface TransitionRequest {
  bodyId: string;
  userId: string | null;
  actor: Actor;
  reportId: string;
  action: Action;
  input: TransitionInput;
  today: string;
}

/** Statements that must commit with the change (the reopen's reason message). */
type Extra = (db: D1Database) => D1PreparedStatement[];

/**
 * Applies one lifecycle action of `opts.actor` to a report held by `opts.bodyId`: 404 if the body
 * does not hold it, 403/422/409 when the lifecycle refuses, 409 if the status moved meanwhile.
 */
export async function applyTransition(env: Pick<Bindings, "DB" | "DELIVERY_QUEUE">, opts: TransitionRequest, extra?: Extra): Promise<AppliedTransition> {
  const db = env.DB;
  const report = await loadAssigned(db, opts.bodyId, opts.reportId);
  const result = transition({ status: report.status, outcome: report.outcome, transferCount: report.transfer_count }, opts.action, opts.actor, opts.input);
  if (!result.ok) {
    if (result.error === "forbidden_for_actor") throw new AppError("forbidden");
    if (result.error === "missing_requirement") {
      throw new AppError("unprocessable", { fields: result.missing!.map((m) => ({ path: m, code: "e.required" })) });
    }
    throw new AppError("conflict");
  }
  const { today } = opts;
  const stmts: D1PreparedStatement[] = [];
  let heldBy = opts.bodyId;
  let transferDetail: string | null = null;
  const jobIds: string[] = [];

  if (opts.action === "transfer") {
    const from = (await bodyById(db, opts.bodyId))!;
    const up = result.escalates ? escalationTarget(bodyFromRow(from)) : null;
    const target = result.escalates ? up && (await joinedBodyAt(db, up.area, up.level, from.kind)) : await bodyById(db, opts.input.targetBodyId!);
    if (!target || target.id === from.id || !target.joined) throw invalid("target_body");
    // A body over another place never handles this report (the form offers none; a crafted post is refused).
    if (!bodyAreasFor(report.township_code).includes(target.area_code)) throw invalid("target_body");
    // Never to a body the report accuses, even on escalation (security H4).
    if (await inConflict(db, report, target)) throw invalid("target_body");
    heldBy = target.id;
    transferDetail = `${from.id} → ${target.id}`;
    stmts.push(
      ...transferStatements(db, report, { fromBodyId: from.id, toBodyId: target.id, reason: opts.input.reason!.trim(), escalated: result.escalates, today }),
    );
    // Re-run delivery for the new body: its inbox job records the delivery (the assignment
    // already has its deadlines, so they are not recomputed); other channels send. An official's
    // own action: sent at once, not in the next delivery batch (the cron only backs the queue up).
    const jobs = jobStatementsFor(db, report.id, bodyFromRow(target), Date.now() + ENQUEUE_GRACE_MS);
    stmts.push(...jobs.statements);
    jobIds.push(...jobs.jobIds);
  }

  stmts.unshift(
    statusUpdateStatement(db, {
      reportId: report.id,
      from: result.from,
      to: result.to,
      outcome: result.outcome,
      acknowledges: result.acknowledges,
      concludes: result.concludes,
      today,
      bodyId: opts.bodyId,
    }),
  );
  // The report's own status follows its cases (after the transfer's new case is written).
  const derive = deriveReportStatement(db, report.id, opts.action === "merge" ? opts.input.mergedInto! : null);
  stmts.push(
    eventStatement(db, {
      reportId: report.id,
      today,
      kind: result.escalates ? "escalate" : opts.action,
      from: result.from,
      to: result.to,
      bodyId: heldBy,
      actor: opts.actor.kind,
      publicText: result.publicText,
    }),
  );
  // A contested conclusion is no longer one to publish a summary of (this body's).
  if (opts.action === "reopen") stmts.push(withdrawOnReopen(db, report.id, opts.bodyId));
  if (opts.action === "merge") {
    const main = await assignedReport(db, opts.bodyId, opts.input.mergedInto!);
    if (!main || main.id === report.id) throw invalid("merged_into");
    stmts.push(addReportersStatement(db, main.id, report.reporter_count));
  }
  if (opts.actor.kind === "user") {
    stmts.push(
      auditStatement(db, {
        bodyId: opts.bodyId,
        userId: opts.userId,
        action: opts.action === "transfer" ? "transfer" : "transition",
        reportId: report.id,
        detail: transferDetail ?? `${result.from} → ${result.to}`,
      }),
    );
  }
  if (extra) stmts.push(...extra(db));
  stmts.push(derive);
  const [update] = await db.batch(stmts);
  if (!update!.meta.changes) throw new AppError("conflict");
  if (jobIds.length) await enqueueJobs(env, jobIds);
  return { to: result.to, heldBy, escalated: result.escalates };
}

/**
 * The reporter reopens a closed report (called by /track with the receipt code already checked):
 * each closed case returns to `screening` at its body (each body decides anew), and the
 * reporter's reason reaches the bodies as one message, in the first case's batch.
 */
/**
 * Applies every reporter's reopen request whose delivery batch has come (the hourly cron, security
 * M1): the reopen transition with its reason as a message, then the request is gone. A request the
 * report no longer allows (reopened or merged meanwhile) is dropped. Returns how many reopened.
 */
export async function applyDueReopens(env: Pick<Bindings, "DB" | "DELIVERY_QUEUE">, now: number): Promise<number> {
  const today = beijingToday(new Date(now));
  let applied = 0;
  for (const r of await dueReopenRequests(env.DB, now, 500)) {
    try {
      await reopenByReporter(env, r.reportId, today, r.reason ?? undefined);
      applied++;
    } catch (err) {
      if (!(err instanceof AppError && (err.status === 409 || err.status === 404))) throw err;
    }
    await deleteReopenRequest(env.DB, r.reportId);
  }
  return applied;
}

export async function reopenByReporter(env: Pick<Bindings, "DB" | "DELIVERY_QUEUE">, reportId: string, today: string, reason?: string): Promise<void> {
  const cases = await casesOf(env.DB, reportId);
  if (!cases.length) throw notFound();
  const bodies = cases.filter((c) => c.status === "closed").map((c) => c.body_id);
  if (!bodies.length) throw new AppError("conflict");
  for (const [i, bodyId] of bodies.entries()) {
    const message: Extra | undefined =
      reason === undefined || i > 0
        ? undefined
        : (db) => [insertMessage(db, { reportId, onDay: today, direction: "to_body", kind: "message", bodyId: null, text: reason })];
    await applyTransition(env, { bodyId, userId: null, actor: { kind: "reporter" }, reportId, action: "reopen", input: {}, today }, message);
  }
}

/**
 * The reporter rates one body's handling (1–5) once that body's case has a conclusion (security
 * M4: one rating per body case); called by /track once the receipt code is checked. `bodyId` may
 * be left out when exactly one case is rateable. Replaces an earlier rating of the same case;
 * returns the body whose case was rated.
 * Bodies see only aggregates of at least five, in the daily figures (/stats).
 */
export async function rateHandling(db: D1Database, reportId: string, bodyId: string | undefined, rating: number, today: string): Promise<string> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw invalid("rating");
  const cases = await caseRatings(db, reportId);
  if (!cases.length) throw notFound();
  const rateable = cases.filter((c) => RATEABLE.includes(c.status));
  const target = bodyId === undefined ? (rateable.length === 1 ? rateable[0] : undefined) : rateable.find((c) => c.bodyId === bodyId);
  if (!target) throw new AppError("conflict");
  await saveRating(db, reportId, target.bodyId, rating, today);
  return target.bodyId;
}
