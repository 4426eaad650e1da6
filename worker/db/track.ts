/** D1 queries behind /track (issue #5 §3): a report by its receipt hash, its history, replies, messages. */
import type { ReportStatus } from "../domain/report-status.ts";

export interface TrackedReport {
  id: string;
  status: ReportStatus;
  receivedOn: string;
  firstDeliveredOn: string | null;
  closedOn: string | null;
  mergedInto: string | null;
  reporterCount: number;
  title: string;
  category: string;
  /** 1 when the reporter allows an anonymised summary to be published (worker/db/summaries.ts). */
  publishConsent: number;
  /** The day retention deleted the report's content, or null (worker/domain/retention.ts). */
  contentPurgedOn: string | null;
}

const REPORT_COLUMNS = `id, status, received_on AS receivedOn, first_delivered_on AS firstDeliveredOn, closed_on AS closedOn,
  merged_into AS mergedInto, reporter_count AS reporterCount, title, category, publish_consent AS publishConsent,
  content_purged_on AS contentPurgedOn`;

/** The report one of these hashes (one per receipt key version) belongs to. */
export async function reportByReceiptHashes(db: D1Database, hashes: string[]): Promise<TrackedReport | null> {
  const marks = hashes.map((_, i) => `?${i + 1}`).join(", ");
  return db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE receipt_hash IN (${marks}) LIMIT 1`).bind(...hashes).first<TrackedReport>();
}

export const reportById = (db: D1Database, id: string) => db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?1`).bind(id).first<TrackedReport>();

export interface EventRow {
  seq: number;
  onDay: string;
  kind: string;
  toStatus: string | null;
  publicText: string | null;
}

export async function reportEvents(db: D1Database, reportId: string): Promise<EventRow[]> {
  const { results } = await db
    .prepare("SELECT seq, on_day AS onDay, kind, to_status AS toStatus, public_text AS publicText FROM report_events WHERE report_id = ?1 ORDER BY seq")
    .bind(reportId)
    .all<EventRow>();
  return results;
}

export interface AssignmentRow {
  bodyName: string;
  active: number;
  deliveredOn: string | null;
  ackDueOn: string | null;
  concludeDueOn: string | null;
}

export async function reportAssignments(db: D1Database, reportId: string): Promise<AssignmentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT b.name AS bodyName, a.active, a.delivered_on AS deliveredOn, a.ack_due_on AS ackDueOn, a.conclude_due_on AS concludeDueOn
       FROM report_assignments a JOIN oversight_bodies b ON b.id = a.body_id WHERE a.report_id = ?1 AND a.active = 1 ORDER BY b.name`,
    )
    .bind(reportId)
    .all<AssignmentRow>();
  return results;
}

export interface MessageRow {
  seq: number;
  onDay: string;
  direction: "to_body" | "to_reporter";
  kind: "message" | "public_reply";
  text: string | null;
  bodyName: string | null;
}

/** Messages of one report; `kinds` selects private messages, public replies or both. */
export async function reportMessages(db: D1Database, reportId: string, kinds: MessageRow["kind"][]): Promise<MessageRow[]> {
  const marks = kinds.map((_, i) => `?${i + 2}`).join(", ");
  const { results } = await db
    .prepare(
      `SELECT m.seq, m.on_day AS onDay, m.direction, m.kind, m.text, b.name AS bodyName FROM messages m
       LEFT JOIN oversight_bodies b ON b.id = m.body_id WHERE m.report_id = ?1 AND m.kind IN (${marks}) ORDER BY m.seq`,
    )
    .bind(reportId, ...kinds)
    .all<MessageRow>();
  return results;
}

/**
 * Appends a message with the next sequence number of its report (one statement: no race).
 * `visibleFrom`: the delivery batch (ms, whole hour) from which bodies see it (a reporter's
 * message, security M1); omitted = at once.
 */
export const insertMessage = (
  db: D1Database,
  m: { reportId: string; onDay: string; direction: MessageRow["direction"]; kind: MessageRow["kind"]; bodyId: string | null; text: string; visibleFrom?: number },
) =>
  db
    .prepare(
      `INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text, visible_from)
       SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7 FROM messages WHERE report_id = ?1`,
    )
    .bind(m.reportId, m.onDay, m.direction, m.bodyId, m.kind, m.text, m.visibleFrom ?? null);

/** A reporter's reopen request, waiting for its delivery batch `batchAt` (one per report: a second one changes nothing). */
export const insertReopenRequest = (db: D1Database, reportId: string, reason: string | null, batchAt: number) =>
  db.prepare("INSERT INTO reopen_requests (report_id, reason, batch_at) VALUES (?1, ?2, ?3) ON CONFLICT (report_id) DO NOTHING").bind(reportId, reason, batchAt).run();

/** True when the report has a reopen request still waiting for its batch (the reporter is told so). */
export const hasPendingReopen = async (db: D1Database, reportId: string): Promise<boolean> =>
  (await db.prepare("SELECT 1 AS x FROM reopen_requests WHERE report_id = ?1").bind(reportId).first<{ x: number }>()) !== null;

/** Reopen requests whose batch has come (the hourly cron). */
export async function dueReopenRequests(db: D1Database, now: number, limit: number): Promise<{ reportId: string; reason: string | null }[]> {
  const { results } = await db
    .prepare("SELECT report_id AS reportId, reason FROM reopen_requests WHERE batch_at <= ?1 ORDER BY batch_at, report_id LIMIT ?2")
    .bind(now, limit)
    .all<{ reportId: string; reason: string | null }>();
  return results;
}

export const deleteReopenRequest = (db: D1Database, reportId: string) => db.prepare("DELETE FROM reopen_requests WHERE report_id = ?1").bind(reportId).run();

/** The reporter gives or withdraws consent to a published summary; it takes effect on /stats at once. */
export const setPublishConsent = (db: D1Database, reportId: string, consent: boolean) =>
  db.prepare("UPDATE reports SET publish_consent = ?2 WHERE id = ?1").bind(reportId, consent ? 1 : 0).run();

