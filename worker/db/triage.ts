/**
 * Triage queries and changes. Isolation: every read and write of a report goes through
 * `loadAssigned`, which keys on the body's ACTIVE assignment (report_assignments); a report
 * held by another body is "not found", never "forbidden", so its existence leaks nothing.
 * The inbox query lives in ./inbox.ts (no worker-only imports, so the benchmark runs it in Node).
 */
export { inboxQuery, listInbox, DEADLINE_FILTERS, type AssignedReport, type InboxFilters } from "./inbox.ts";
import type { Bindings } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { levelAbove, transition, type Action, type Actor, type BodyLevel, type TransitionInput } from "../domain/lifecycle.ts";
import type { ReportStatus } from "../domain/report-status.ts";
import { REPORT_COLUMNS, type AssignedReport } from "./inbox.ts";
import { auditStatement } from "./audit.ts";
import { summaryStatement, withdrawOnReopen, type Summary } from "./summaries.ts";
import { ENQUEUE_GRACE_MS, enqueueJobs, jobsForBody } from "../delivery/plan.ts";
import { bodyFromRow, type BodyRow } from "./bodies.ts";

/** The report if `bodyId` holds it now; otherwise 404 (the same answer as for a report that does not exist). */
export async function loadAssigned(db: D1Database, bodyId: string, reportId: string): Promise<AssignedReport> {
  const row = await db
    .prepare(`SELECT ${REPORT_COLUMNS} FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id WHERE a.report_id = ?1 AND a.body_id = ?2 AND a.active = 1`)
    .bind(reportId, bodyId)
    .first<AssignedReport>();
  if (!row) throw new AppError(404, "not_found", "not_found");
  return row;
}

// ---------------------------------------------------------------------------------------------
// Report page: events, messages, notes, routing, delivery, transfers, evidence

export async function reportDetails(db: D1Database, reportId: string, bodyId: string) {
  const [events, messages, notes, routing, delivery, transfers, evidence, summary, places] = await db.batch([
    db.prepare("SELECT seq, on_day, kind, from_status, to_status, body_id, actor, public_text FROM report_events WHERE report_id = ?1 ORDER BY seq").bind(reportId),
    db.prepare("SELECT seq, on_day, direction, kind, body_id, text FROM messages WHERE report_id = ?1 ORDER BY seq").bind(reportId),
    db
      .prepare("SELECT n.seq, n.at, n.text, u.display_name FROM report_notes n JOIN users u ON u.id = n.user_id WHERE n.report_id = ?1 AND n.body_id = ?2 ORDER BY n.seq")
      .bind(reportId, bodyId),
    db
      .prepare(
        "SELECT r.seq, r.body_id, b.name AS body_name, r.rule_id, r.reason_code, r.reason_params, r.joined FROM routing_decisions r LEFT JOIN oversight_bodies b ON b.id = r.body_id WHERE r.report_id = ?1 ORDER BY r.seq",
      )
      .bind(reportId),
    db.prepare("SELECT channel, channel_index, state, attempts, delivered_on FROM delivery_jobs WHERE report_id = ?1 AND body_id = ?2").bind(reportId, bodyId),
    db
      .prepare(
        `SELECT t.seq, t.on_day, t.reason, t.escalated, f.name AS from_name, o.name AS to_name FROM report_transfers t
           JOIN oversight_bodies f ON f.id = t.from_body_id JOIN oversight_bodies o ON o.id = t.to_body_id WHERE t.report_id = ?1 ORDER BY t.seq`,
      )
      .bind(reportId),
    db.prepare("SELECT id, media_type, bytes FROM evidence WHERE report_id = ?1 AND deleted_on IS NULL").bind(reportId),
    summaryStatement(db, reportId, bodyId),
    // The names of the report's place and its chain, province down to the village (for placeLabel).
    db
      .prepare(
        `SELECT d.code, d.name FROM reports r JOIN divisions d
           ON d.code IN (substr(r.township_code, 1, 2), substr(r.township_code, 1, 4), substr(r.township_code, 1, 6), r.township_code, r.village_code)
         WHERE r.id = ?1 ORDER BY length(d.code)`,
      )
      .bind(reportId),
  ]);
  return {
    events: events!.results as { seq: number; on_day: string; kind: string; from_status: string | null; to_status: string | null; actor: string; public_text: string | null }[],
    messages: messages!.results as { seq: number; on_day: string; direction: string; kind: string; text: string | null }[],
    notes: notes!.results as { seq: number; at: number; text: string; display_name: string }[],
    routing: routing!.results as { seq: number; body_id: string | null; body_name: string | null; rule_id: string; reason_code: string | null; reason_params: string; joined: number }[],
    delivery: delivery!.results as { channel: string; channel_index: number; state: string; attempts: number; delivered_on: string | null }[],
    transfers: transfers!.results as { seq: number; on_day: string; reason: string; escalated: number; from_name: string; to_name: string }[],
    evidence: evidence!.results as { id: string; media_type: string; bytes: number }[],
    summary: (summary!.results[0] as Summary | undefined) ?? null,
    /** Province down to the report's own place. */
    placeNames: (places!.results as { code: string; name: string }[]).map((p) => p.name),
  };
}

const nextSeq = (table: "report_events" | "messages" | "report_notes" | "report_transfers") => `(SELECT COALESCE(MAX(seq), 0) + 1 FROM ${table} WHERE report_id = ?1)`;

export interface ActingUser {
  id: string;
  bodyId: string;
}

/** Adds an internal note (never shown to the reporter) with its audit entry. */
export async function addNote(db: D1Database, user: ActingUser, reportId: string, text: string): Promise<void> {
  await db.batch([
    db.prepare(`INSERT INTO report_notes (report_id, seq, body_id, user_id, at, text) VALUES (?1, ${nextSeq("report_notes")}, ?2, ?3, ?4, ?5)`).bind(reportId, user.bodyId, user.id, Date.now(), text),
    auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "note", reportId }),
  ]);
}

/** Sends a message to the reporter; a public reply is shown on /track as the body's answer. */
export async function addMessage(db: D1Database, user: ActingUser, reportId: string, kind: "message" | "public_reply", text: string, today: string): Promise<void> {
  await db.batch([
    db
      .prepare(`INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text) VALUES (?1, ${nextSeq("messages")}, ?2, 'to_reporter', ?3, ?4, ?5)`)
      .bind(reportId, today, user.bodyId, kind, text),
    auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "message", reportId, detail: kind }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Transitions

const BODY_COLUMNS = "id, name, kind, level, area_code, joined, channels, ack_days, conclude_days";

/** The joined body one level above `body` over its area (same kind preferred), for escalation. */
async function bodyAbove(db: D1Database, body: BodyRow): Promise<BodyRow | null> {
  const level = levelAbove(body.level);
  if (!level) return null;
  const area = level === "central" ? "CN" : body.area_code.slice(0, level === "prefecture" ? 4 : 2);
  return db
    .prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE area_code = ?1 AND level = ?2 AND joined = 1 ORDER BY kind = ?3 DESC, id LIMIT 1`)
    .bind(area, level, body.kind)
    .first<BodyRow>();
}

const getBody = (db: D1Database, id: string) => db.prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE id = ?1`).bind(id).first<BodyRow>();

export interface AppliedTransition {
  to: ReportStatus;
  /** Body that holds the report after a transfer (the level above on escalation). */
  heldBy: string;
  escalated: boolean;
}

/**
 * Applies `action` by `actor` to a report held by `bodyId`: status, outcome, acknowledgement
 * and conclusion days, one report_event, the transfer ledger and assignments, the audit entry,
 * all in one batch. The UPDATE re-checks the old status, so two concurrent actions cannot both apply.
 */
export async function applyTransition(
  env: Bindings,
  opts: { bodyId: string; userId: string | null; actor: Actor; reportId: string; action: Action; input: TransitionInput; today: string },
): Promise<AppliedTransition> {
  const db = env.DB;
  const report = await loadAssigned(db, opts.bodyId, opts.reportId);
  const result = transition({ status: report.status, outcome: report.outcome, transferCount: report.transfer_count }, opts.action, opts.actor, opts.input);
  if (!result.ok) {
    if (result.error === "forbidden_for_actor") throw new AppError(403, "forbidden", "forbidden");
    if (result.error === "missing_requirement") {
      throw new AppError(422, "validation_failed", "validation_failed", result.missing!.map((m) => ({ path: m, code: "e.required", message: m })));
    }
    throw new AppError(409, "conflict", "conflict");
  }
  const { today } = opts;
  const stmts: D1PreparedStatement[] = [];
  let heldBy = opts.bodyId;
  let escalated = false;
  let transferDetail: string | null = null;
  const jobIds: string[] = [];

  if (opts.action === "transfer") {
    const from = (await getBody(db, opts.bodyId))!;
    let target = result.escalates ? await bodyAbove(db, from) : await getBody(db, opts.input.targetBodyId!);
    escalated = result.escalates;
    if (!target || target.id === from.id) throw new AppError(422, "validation_failed", "validation_failed", [{ path: "target_body", code: "e.invalid", message: "target_body" }]);
    if (!target.joined) throw new AppError(422, "validation_failed", "validation_failed", [{ path: "target_body", code: "e.invalid", message: "target_body" }]);
    heldBy = target.id;
    transferDetail = `${from.id} → ${target.id}`;
    stmts.push(
      db
        .prepare(`INSERT INTO report_transfers (report_id, seq, on_day, from_body_id, to_body_id, reason, escalated) VALUES (?1, ${nextSeq("report_transfers")}, ?2, ?3, ?4, ?5, ?6)`)
        .bind(report.id, today, from.id, target.id, opts.input.reason!.trim(), escalated ? 1 : 0),
      db.prepare("UPDATE report_assignments SET active = 0 WHERE report_id = ?1 AND body_id = ?2").bind(report.id, from.id),
      // Deadlines are copied, never reset: they run from the first delivery.
      db
        .prepare(
          `INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on) VALUES (?1, ?2, 1, ?3, ?3, ?4, ?5)
           ON CONFLICT (report_id, body_id) DO UPDATE SET active = 1, assigned_on = ?3, delivered_on = ?3, ack_due_on = ?4, conclude_due_on = ?5`,
        )
        .bind(report.id, target.id, today, report.ack_due_on, report.conclude_due_on),
      db.prepare("UPDATE reports SET transfer_count = transfer_count + 1 WHERE id = ?1").bind(report.id),
    );
    // Re-run delivery for the new body (worker/delivery): its inbox job records the delivery
    // (the assignment already has its deadlines, so they are not recomputed); other channels send.
    for (const job of jobsForBody(bodyFromRow(target))) {
      const id = crypto.randomUUID();
      jobIds.push(id);
      stmts.push(
        db
          .prepare(
            `INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7)
             ON CONFLICT (report_id, body_id, channel, channel_index) DO UPDATE SET state = 'pending', next_attempt_at = ?7`,
          )
          .bind(id, report.id, target.id, job.channel, job.channelIndex, `msg_${crypto.randomUUID().replaceAll("-", "")}`, Date.now() + ENQUEUE_GRACE_MS),
      );
    }
  }

  stmts.unshift(
    db
      .prepare(
        `UPDATE reports SET status = ?2, outcome = ?3,
           acknowledged_on = CASE WHEN ?4 THEN COALESCE(acknowledged_on, ?5) ELSE acknowledged_on END,
           concluded_on = CASE WHEN ?6 THEN ?5 WHEN ?2 = 'screening' THEN NULL ELSE concluded_on END,
           closed_on = CASE WHEN ?2 = 'closed' THEN ?5 ELSE NULL END,
           merged_into = COALESCE(?7, merged_into)
         WHERE id = ?1 AND status = ?8`,
      )
      .bind(report.id, result.to, result.outcome, result.acknowledges ? 1 : 0, today, result.concludes ? 1 : 0, opts.action === "merge" ? opts.input.mergedInto! : null, result.from),
  );
  stmts.push(
    db
      .prepare(
        `INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, body_id, actor, public_text) VALUES (?1, ${nextSeq("report_events")}, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      )
      .bind(report.id, today, escalated ? "escalate" : opts.action, result.from, result.to, heldBy, opts.actor.kind, result.publicText),
  );
  // A contested conclusion is no longer one to publish a summary of.
  if (opts.action === "reopen") stmts.push(withdrawOnReopen(db, report.id));
  if (opts.action === "merge") {
    const main = await loadAssigned(db, opts.bodyId, opts.input.mergedInto!).catch(() => null);
    if (!main || main.id === report.id) throw new AppError(422, "validation_failed", "validation_failed", [{ path: "merged_into", code: "e.invalid", message: "merged_into" }]);
    stmts.push(db.prepare("UPDATE reports SET reporter_count = reporter_count + ?2 WHERE id = ?1").bind(main.id, report.reporter_count));
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
  const [update] = await db.batch(stmts);
  if (!update!.meta.changes) throw new AppError(409, "conflict", "conflict");
  if (jobIds.length) await enqueueJobs(env, jobIds);
  return { to: result.to, heldBy, escalated };
}

/**
 * The reporter reopens a closed report (called by /track with the receipt code already checked):
 * it returns to `screening` at the body that closed it (the body's assignment stays active).
 */
export async function reopenByReporter(env: Bindings, reportId: string, today: string): Promise<void> {
  const holder = await env.DB.prepare("SELECT body_id FROM report_assignments WHERE report_id = ?1 AND active = 1").bind(reportId).first<{ body_id: string }>();
  if (!holder) throw new AppError(404, "not_found", "not_found");
  await applyTransition(env, { bodyId: holder.body_id, userId: null, actor: { kind: "reporter" }, reportId, action: "reopen", input: {}, today });
}

/** Statuses after a conclusion, in which the reporter may rate the handling. */
export const RATEABLE: readonly ReportStatus[] = ["out_of_scope", "substantiated", "partly_substantiated", "unsubstantiated", "remedy_pending", "remedied", "closed"];

/**
 * The reporter rates the handling (1–5) after a conclusion; called by /track once the receipt
 * code is checked. Replaces an earlier rating. Bodies see only aggregates (/stats).
 */
export async function rateHandling(db: D1Database, reportId: string, rating: number, today: string): Promise<void> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError(422, "validation_failed", "validation_failed", [{ path: "rating", code: "e.invalid", message: "rating" }]);
  const report = await db.prepare("SELECT status FROM reports WHERE id = ?1").bind(reportId).first<{ status: ReportStatus }>();
  if (!report) throw new AppError(404, "not_found", "not_found");
  if (!RATEABLE.includes(report.status)) throw new AppError(409, "conflict", "conflict");
  await db
    .prepare("INSERT INTO report_ratings (report_id, rating, rated_month) VALUES (?1, ?2, ?3) ON CONFLICT (report_id) DO UPDATE SET rating = ?2, rated_month = ?3")
    .bind(reportId, rating, today.slice(0, 7))
    .run();
}
