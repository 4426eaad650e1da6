/**
 * Oversight (the bodies' triage app) queries and the statements of a transition (worker/services/transition.ts runs them).
 * Isolation: every read of a report goes through `assignedReport`, which keys on the body's
 * ACTIVE assignment (report_assignments); a report held by another body is "not found".
 * The inbox query lives in ./inbox.ts (no worker-only imports, so the benchmark runs it in Node).
 */
export { inboxQuery, type AssignedReport } from "./inbox.ts";
import type { BodyLevel } from "../../data/schema/oversight-body.ts";
import type { ReportOutcome, ReportStatus } from "../domain/report-status.ts";
import { REPORT_COLUMNS, VISIBLE, type AssignedReport } from "./inbox.ts";
export { deriveReportStatement } from "./report-cases.ts";
import { auditStatement, type ActingUser } from "./audit.ts";
export type { ActingUser } from "./audit.ts";
import { summaryStatement, type Summary } from "./summaries.ts";
import { bodyMessageBindings, INSERT_BODY_MESSAGE } from "./message-sql.ts";
import { BODY_COLUMNS, type BodyRow } from "./bodies.ts";

/** The report if `bodyId` holds it now; otherwise null (the caller answers 404, as for a report that does not exist). */
export const assignedReport = (db: D1Database, bodyId: string, reportId: string): Promise<AssignedReport | null> =>
  db
    .prepare(
      `SELECT ${REPORT_COLUMNS} FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id WHERE a.report_id = ?1 AND a.body_id = ?2 AND a.active = 1 AND ${VISIBLE}`,
    )
    .bind(reportId, bodyId)
    .first<AssignedReport>();

// ---------------------------------------------------------------------------------------------
// Report page: events, messages, notes, routing, delivery, transfers, evidence

export async function reportDetails(db: D1Database, reportId: string, bodyId: string, now: number = Date.now()) {
  const [events, messages, notes, routing, delivery, transfers, evidence, summary, places] = await db.batch([
    db
      .prepare("SELECT seq, on_day, kind, from_status, to_status, body_id, actor, public_text FROM report_events WHERE report_id = ?1 ORDER BY seq")
      .bind(reportId),
    // A reporter's message shows from its delivery batch on (security M1).
    db
      .prepare(
        "SELECT seq, on_day, direction, kind, body_id, text FROM messages WHERE report_id = ?1 AND (visible_from IS NULL OR visible_from <= ?2) ORDER BY seq",
      )
      .bind(reportId, now),
    db
      .prepare(
        "SELECT n.seq, n.at, n.text, u.display_name FROM report_notes n JOIN users u ON u.id = n.user_id WHERE n.report_id = ?1 AND n.body_id = ?2 ORDER BY n.seq",
      )
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
    events: events!.results as {
      seq: number;
      on_day: string;
      kind: string;
      from_status: string | null;
      to_status: string | null;
      body_id: string | null;
      actor: string;
      public_text: string | null;
    }[],
    messages: messages!.results as { seq: number; on_day: string; direction: string; kind: string; text: string | null }[],
    notes: notes!.results as { seq: number; at: number; text: string; display_name: string }[],
    routing: routing!.results as {
      seq: number;
      body_id: string | null;
      body_name: string | null;
      rule_id: string;
      reason_code: string | null;
      reason_params: string;
      joined: number;
    }[],
    delivery: delivery!.results as { channel: string; channel_index: number; state: string; attempts: number; delivered_on: string | null }[],
    transfers: transfers!.results as { seq: number; on_day: string; reason: string; escalated: number; from_name: string; to_name: string }[],
    evidence: evidence!.results as { id: string; media_type: string; bytes: number }[],
    summary: (summary!.results[0] as Summary | undefined) ?? null,
    /** Province down to the report's own place. */
    placeNames: (places!.results as { code: string; name: string }[]).map((p) => p.name),
  };
}

export const nextSeq = (table: "report_events" | "messages" | "report_notes" | "report_transfers") =>
  `(SELECT COALESCE(MAX(seq), 0) + 1 FROM ${table} WHERE report_id = ?1)`;

/** Adds an internal note (never shown to the reporter) with its audit entry. */
export async function addNote(db: D1Database, user: ActingUser, reportId: string, text: string): Promise<void> {
  await db.batch([
    db
      .prepare(`INSERT INTO report_notes (report_id, seq, body_id, user_id, at, text) VALUES (?1, ${nextSeq("report_notes")}, ?2, ?3, ?4, ?5)`)
      .bind(reportId, user.bodyId, user.id, Date.now(), text),
    auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "note", reportId }),
  ]);
}

/** Sends a message to the reporter; a public reply is shown on /track as the body's answer. */
export async function addMessage(
  db: D1Database,
  user: ActingUser,
  reportId: string,
  kind: "message" | "public_reply",
  text: string,
  today: string,
): Promise<void> {
  await db.batch([
    db.prepare(INSERT_BODY_MESSAGE).bind(...bodyMessageBindings({ reportId, onDay: today, bodyId: user.bodyId, kind, text })),
    auditStatement(db, { bodyId: user.bodyId, userId: user.id, action: "message", reportId, detail: kind }),
  ]);
}

/** An evidence file of the report, unless deleted (the caller has checked the report is the body's). */
export const evidenceFile = (db: D1Database, reportId: string, evidenceId: string) =>
  db
    .prepare("SELECT r2_key, staged_key, media_type FROM evidence WHERE id = ?1 AND report_id = ?2 AND deleted_on IS NULL")
    .bind(evidenceId, reportId)
    .first<{ r2_key: string; staged_key: string | null; media_type: string }>();

/**
 * Joined bodies a report may be transferred to: bodies over the report's place (`areas`, county up
 * to CN: worker/domain/routing.ts bodyAreasFor), all but the holder and the bodies its routing
 * excluded for a conflict of interest (security H4). The service also leaves out the bodies the
 * report accuses by name (worker/services/transition.ts transferTargetsFor).
 */
export async function transferTargets(db: D1Database, holderId: string, reportId: string, areas: readonly string[]): Promise<{ id: string; name: string }[]> {
  const marks = areas.map((_, i) => `?${i + 3}`).join(", ");
  const { results } = await db
    .prepare(
      `SELECT id, name FROM oversight_bodies WHERE joined = 1 AND id != ?1 AND area_code IN (${marks})
         AND id NOT IN (SELECT body_id FROM report_assignments WHERE report_id = ?2 AND active = 1)
         AND id NOT IN (SELECT body_id FROM routing_decisions WHERE report_id = ?2 AND reason_code = 'conflict_excluded' AND body_id IS NOT NULL)
       ORDER BY level, area_code, name LIMIT 500`,
    )
    .bind(holderId, reportId, ...areas)
    .all<{ id: string; name: string }>();
  return results;
}

/** Whether routing excluded `bodyId` from the report for a conflict of interest. */
export const excludedByRouting = async (db: D1Database, reportId: string, bodyId: string): Promise<boolean> =>
  (await db
    .prepare("SELECT 1 AS x FROM routing_decisions WHERE report_id = ?1 AND body_id = ?2 AND reason_code = 'conflict_excluded'")
    .bind(reportId, bodyId)
    .first("x")) !== null;

// ---------------------------------------------------------------------------------------------
// Transitions: the statements worker/services/transition.ts puts in one batch

/** The joined body of `level` over `area`, of `kind` when there is one (an escalation's receiver). */
export function joinedBodyAt(db: D1Database, area: string, level: BodyLevel, kind: BodyRow["kind"]): Promise<BodyRow | null> {
  return db
    .prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE area_code = ?1 AND level = ?2 AND joined = 1 ORDER BY kind = ?3 DESC, id LIMIT 1`)
    .bind(area, level, kind)
    .first<BodyRow>();
}

export const bodyById = (db: D1Database, id: string) => db.prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE id = ?1`).bind(id).first<BodyRow>();

/** The report's active cases: which bodies hold it and in what status (a reporter's reopen reopens each closed one). */
export const casesOf = async (db: D1Database, reportId: string) =>
  (
    await db
      .prepare("SELECT body_id, status FROM report_assignments WHERE report_id = ?1 AND active = 1 ORDER BY body_id")
      .bind(reportId)
      .all<{ body_id: string; status: ReportStatus }>()
  ).results;

export interface StatusChange {
  reportId: string;
  from: ReportStatus;
  to: ReportStatus;
  outcome: ReportOutcome | null;
  acknowledges: boolean;
  concludes: boolean;
  today: string;
}

/**
 * The guarded update of the acting body's case (its active assignment): changes nothing
 * (meta.changes 0) when the case moved meanwhile. Other bodies' cases are never touched (security M4).
 */
export const statusUpdateStatement = (db: D1Database, s: StatusChange & { bodyId: string }) =>
  db
    .prepare(
      `UPDATE report_assignments SET status = ?2, outcome = ?3,
         acknowledged_on = CASE WHEN ?4 THEN COALESCE(acknowledged_on, ?5) ELSE acknowledged_on END,
         concluded_on = CASE WHEN ?6 THEN ?5 WHEN ?2 = 'screening' THEN NULL ELSE concluded_on END,
         closed_on = CASE WHEN ?2 = 'closed' THEN ?5 ELSE NULL END
       WHERE report_id = ?1 AND body_id = ?8 AND active = 1 AND status = ?7`,
    )
    .bind(s.reportId, s.to, s.outcome, s.acknowledges ? 1 : 0, s.today, s.concludes ? 1 : 0, s.from, s.bodyId);

export interface TransitionEvent {
  reportId: string;
  today: string;
  kind: string;
  from: ReportStatus;
  to: ReportStatus;
  bodyId: string;
  actor: "user" | "reporter" | "system";
  publicText: string | null;
}

export const eventStatement = (db: D1Database, e: TransitionEvent) =>
  db
    .prepare(
      `INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, body_id, actor, public_text) VALUES (?1, ${nextSeq("report_events")}, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(e.reportId, e.today, e.kind, e.from, e.to, e.bodyId, e.actor, e.publicText);

/** The report moves to `toBodyId`: the transfer ledger, the assignments (deadlines copied, never reset) and the count. */
export function transferStatements(
  db: D1Database,
  report: Pick<AssignedReport, "id" | "ack_due_on" | "conclude_due_on">,
  t: { fromBodyId: string; toBodyId: string; reason: string; escalated: boolean; today: string },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO report_transfers (report_id, seq, on_day, from_body_id, to_body_id, reason, escalated) VALUES (?1, ${nextSeq("report_transfers")}, ?2, ?3, ?4, ?5, ?6)`,
      )
      .bind(report.id, t.today, t.fromBodyId, t.toBodyId, t.reason, t.escalated ? 1 : 0),
    db.prepare("UPDATE report_assignments SET active = 0 WHERE report_id = ?1 AND body_id = ?2").bind(report.id, t.fromBodyId),
    // Deadlines are copied, never reset: they run from the first delivery.
    db
      .prepare(
        `INSERT INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status) VALUES (?1, ?2, 1, ?3, ?3, ?4, ?5, 'transferred')
         ON CONFLICT (report_id, body_id) DO UPDATE SET active = 1, assigned_on = ?3, delivered_on = ?3, ack_due_on = ?4, conclude_due_on = ?5,
           status = 'transferred', outcome = NULL, acknowledged_on = NULL, concluded_on = NULL, closed_on = NULL`,
      )
      .bind(report.id, t.toBodyId, t.today, report.ack_due_on, report.conclude_due_on),
    db.prepare("UPDATE reports SET transfer_count = transfer_count + 1 WHERE id = ?1").bind(report.id),
  ];
}

/** A merged report's reporters count on the main report. */
export const addReportersStatement = (db: D1Database, mainId: string, count: number) =>
  db.prepare("UPDATE reports SET reporter_count = reporter_count + ?2 WHERE id = ?1").bind(mainId, count);
