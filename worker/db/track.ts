/** D1 queries behind /track (issue #5 §3): a report by its receipt hash, its history, replies, messages. */
import type { ReportOutcome, ReportStatus } from "../domain/report-status.ts";
import { PUBLISHED_WHERE } from "./summaries.ts";
import type { CaseInput } from "../domain/track.ts";

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
  townshipCode: string;
  /** 1 when the reporter allows an anonymised summary to be published (worker/db/summaries.ts). */
  publishConsent: number;
  /** The day retention deleted the report's content, or null (worker/domain/retention.ts). */
  contentPurgedOn: string | null;
}

const REPORT_COLUMNS = `id, status, received_on AS receivedOn, first_delivered_on AS firstDeliveredOn, closed_on AS closedOn,
  merged_into AS mergedInto, reporter_count AS reporterCount, title, category, township_code AS townshipCode, publish_consent AS publishConsent,
  content_purged_on AS contentPurgedOn`;

/** The report one of these hashes (one per receipt key version) belongs to. */
export async function reportByReceiptHashes(db: D1Database, hashes: string[]): Promise<TrackedReport | null> {
  const marks = hashes.map((_, i) => `?${i + 1}`).join(", ");
  return db
    .prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE receipt_hash IN (${marks}) LIMIT 1`)
    .bind(...hashes)
    .first<TrackedReport>();
}

export const reportById = (db: D1Database, id: string) => db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?1`).bind(id).first<TrackedReport>();

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

/** One body's case of a report as /track shows it (worker/domain/track.ts documents the fields), transferred-away cases included. */
export type CaseRow = CaseInput;

export async function reportCases(db: D1Database, reportId: string): Promise<CaseRow[]> {
  const { results } = await db
    .prepare(
      `SELECT a.body_id AS bodyId, b.name AS bodyName, a.active, a.status, a.outcome, a.delivered_on AS deliveredOn, a.acknowledged_on AS acknowledgedOn,
              a.concluded_on AS concludedOn, a.closed_on AS closedOn, a.ack_due_on AS ackDueOn, a.conclude_due_on AS concludeDueOn,
              t.on_day AS transferredOn, tb.name AS transferredTo,
              (SELECT min(f.on_day) FROM report_events f WHERE f.report_id = a.report_id AND f.body_id = a.body_id AND f.kind = 'forwarded') AS forwardedOn,
              (SELECT e.public_text FROM report_events e WHERE e.report_id = a.report_id AND e.body_id = a.body_id AND e.public_text IS NOT NULL ORDER BY e.seq DESC LIMIT 1) AS publicText,
              (SELECT substr(a.concluded_on, 1, 4) FROM report_summaries s CROSS JOIN reports r ON r.id = s.report_id
                WHERE s.report_id = a.report_id AND s.body_id = a.body_id AND ${PUBLISHED_WHERE}) AS summaryYear
       FROM report_assignments a JOIN oversight_bodies b ON b.id = a.body_id
       LEFT JOIN report_transfers t ON t.report_id = a.report_id AND t.seq = (SELECT max(x.seq) FROM report_transfers x WHERE x.report_id = a.report_id AND x.from_body_id = a.body_id)
       LEFT JOIN oversight_bodies tb ON tb.id = t.to_body_id
       WHERE a.report_id = ?1 ORDER BY a.active DESC, b.name`,
    )
    .bind(reportId)
    .all<CaseRow>();
  return results;
}

/** The names of a township's chain, province down to the township (for placeLabel). */
export async function townshipNames(db: D1Database, townshipCode: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT name FROM divisions WHERE code IN (substr(?1, 1, 2), substr(?1, 1, 4), substr(?1, 1, 6), ?1) ORDER BY length(code)")
    .bind(townshipCode)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

export interface MessageRow {
  seq: number;
  onDay: string;
  direction: "to_body" | "to_reporter";
  kind: "message" | "public_reply";
  text: string | null;
  bodyId: string | null;
  bodyName: string | null;
}

/** Messages of one report; `kinds` selects private messages, public replies or both. */
export async function reportMessages(db: D1Database, reportId: string, kinds: MessageRow["kind"][]): Promise<MessageRow[]> {
  const marks = kinds.map((_, i) => `?${i + 2}`).join(", ");
  const { results } = await db
    .prepare(
      `SELECT m.seq, m.on_day AS onDay, m.direction, m.kind, m.text, m.body_id AS bodyId, b.name AS bodyName FROM messages m
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
  m: {
    reportId: string;
    onDay: string;
    direction: MessageRow["direction"];
    kind: MessageRow["kind"];
    bodyId: string | null;
    text: string;
    visibleFrom?: number;
  },
) =>
  db
    .prepare(
      `INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text, visible_from)
       SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7 FROM messages WHERE report_id = ?1`,
    )
    .bind(m.reportId, m.onDay, m.direction, m.bodyId, m.kind, m.text, m.visibleFrom ?? null);

/** A reporter's reopen request, waiting for its delivery batch `batchAt` (one per report: a second one changes nothing). */
export const insertReopenRequest = (db: D1Database, reportId: string, reason: string | null, batchAt: number) =>
  db
    .prepare("INSERT INTO reopen_requests (report_id, reason, batch_at) VALUES (?1, ?2, ?3) ON CONFLICT (report_id) DO NOTHING")
    .bind(reportId, reason, batchAt)
    .run();

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
  db
    .prepare("UPDATE reports SET publish_consent = ?2 WHERE id = ?1")
    .bind(reportId, consent ? 1 : 0)
    .run();
