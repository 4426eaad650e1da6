/**
 * D1 queries of report intake (issue #5). Statements are returned, not run, where intake
 * needs them in its one batch with the delivery plan (worker/delivery/plan.ts).
 */
import type { ReportInput } from "../../data/schema/report.ts";
import type { EvidenceMediaType } from "../../data/schema/report.ts";
import type { DuplicateCandidate } from "../domain/duplicates.ts";
import { decisionStatus, type RoutingOutcome } from "../domain/routing.ts";
import type { RoutingReasonParams } from "../../data/schema/routing-rule.ts";

export interface NewReportRow {
  id: string;
  receiptHash: string;
  receivedOn: string;
  idempotencyHash: string | null;
  duplicateGroup: string | null;
}

export function insertReport(db: D1Database, row: NewReportRow, input: ReportInput): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO reports (id, receipt_hash, received_on, township_code, village_code, imposer_name, imposer_level, category,
         title, description, since_month, hours_per_month, list_status, duty_item_ref, publish_consent, idempotency_hash, duplicate_group)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)`,
    )
    .bind(
      row.id,
      row.receiptHash,
      row.receivedOn,
      input.townshipCode,
      input.villageCode ?? null,
      input.imposerName,
      input.imposerLevel,
      input.category,
      input.title,
      input.description,
      input.sinceMonth ?? null,
      input.hoursPerMonth ?? null,
      input.listStatus,
      input.dutyItemRef ?? null,
      input.publishConsent ? 1 : 0,
      row.idempotencyHash,
      row.duplicateGroup,
    );
}

/** The first status event of a report: received, by the reporter. */
export const insertReceivedEvent = (db: D1Database, reportId: string, day: string) =>
  db
    .prepare("INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, actor) VALUES (?1, 1, ?2, 'received', NULL, 'received', 'reporter')")
    .bind(reportId, day);

export const attachEvidence = (db: D1Database, reportId: string, tokenHash: string) =>
  db.prepare("UPDATE evidence SET report_id = ?1 WHERE token_hash = ?2 AND report_id IS NULL").bind(reportId, tokenHash);

export interface EvidenceRow {
  id: string;
  tokenHash: string;
  reportId: string | null;
  r2Key: string;
  mediaType: EvidenceMediaType;
  bytes: number;
  uploadedOn: string;
}

export const insertEvidence = (db: D1Database, e: EvidenceRow) =>
  db
    .prepare("INSERT INTO evidence (id, token_hash, report_id, r2_key, media_type, bytes, uploaded_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    .bind(e.id, e.tokenHash, e.reportId, e.r2Key, e.mediaType, e.bytes, e.uploadedOn);

/** How many of these upload tokens exist and are not yet attached to a report. */
export async function countUnattachedEvidence(db: D1Database, tokenHashes: string[]): Promise<number> {
  if (tokenHashes.length === 0) return 0;
  const marks = tokenHashes.map((_, i) => `?${i + 1}`).join(", ");
  const row = await db.prepare(`SELECT count(*) AS n FROM evidence WHERE report_id IS NULL AND token_hash IN (${marks})`).bind(...tokenHashes).first<{ n: number }>();
  return row?.n ?? 0;
}

export const setDuplicateGroup = (db: D1Database, reportId: string, group: string) =>
  db.prepare("UPDATE reports SET duplicate_group = ?1 WHERE id = ?2 AND duplicate_group IS NULL").bind(group, reportId);

/** Recent reports about the same township and category (the body name is compared by the caller). */
export async function duplicateCandidates(db: D1Database, townshipCode: string, category: string, sinceDay: string): Promise<(DuplicateCandidate & { imposerName: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT id, title, description, duplicate_group AS duplicateGroup, imposer_name AS imposerName FROM reports
       WHERE township_code = ?1 AND category = ?2 AND received_on >= ?3 AND merged_into IS NULL LIMIT 500`,
    )
    .bind(townshipCode, category, sinceDay)
    .all<DuplicateCandidate & { imposerName: string }>();
  return results;
}

export async function reportIdByIdempotencyHash(db: D1Database, hash: string): Promise<string | null> {
  const row = await db.prepare("SELECT id FROM reports WHERE idempotency_hash = ?1").bind(hash).first<{ id: string }>();
  return row?.id ?? null;
}

/** Which of the given division codes exist. */
export async function existingDivisions(db: D1Database, codes: string[]): Promise<Set<string>> {
  const marks = codes.map((_, i) => `?${i + 1}`).join(", ");
  const { results } = await db.prepare(`SELECT code FROM divisions WHERE code IN (${marks})`).bind(...codes).all<{ code: string }>();
  return new Set(results.map((r) => r.code));
}

export interface DivisionMatch {
  code: string;
  name: string;
  level: "township" | "village";
  /** Names of the enclosing divisions, nearest first (township, county, prefecture). */
  context: string[];
}

/**
 * The township or village with this code. A code retired by a later NBS release
 * (division_changes, from data/division-changes.yaml) resolves to its successor, so that
 * old links such as /report?township=OLD keep working.
 */
export async function divisionByCode(db: D1Database, code: string): Promise<DivisionMatch | null> {
  const current = await currentDivisionByCode(db, code);
  if (current) return current;
  const change = await db.prepare("SELECT successor_code FROM division_changes WHERE code = ?1").bind(code).first<{ successor_code: string | null }>();
  return change?.successor_code ? currentDivisionByCode(db, change.successor_code) : null;
}

async function currentDivisionByCode(db: D1Database, code: string): Promise<DivisionMatch | null> {
  const r = await db
    .prepare(
      `SELECT d.code, d.name, d.level, p.name AS p1, pp.name AS p2 FROM divisions d
       LEFT JOIN divisions p ON p.code = d.parent_code LEFT JOIN divisions pp ON pp.code = p.parent_code
       WHERE d.code = ?1 AND d.level IN ('township', 'village')`,
    )
    .bind(code)
    .first<{ code: string; name: string; level: "township" | "village"; p1: string | null; p2: string | null }>();
  return r ? { code: r.code, name: r.name, level: r.level, context: [r.p1, r.p2].filter((x): x is string => !!x) } : null;
}

/** The routing decisions stored for a report, as the receipt page shows them. */
export async function routingOutcomes(db: D1Database, reportId: string): Promise<RoutingOutcome[]> {
  const { results } = await db
    .prepare(
      `SELECT r.body_id AS bodyId, b.name AS bodyName, r.joined, r.channel_id AS channelId, c.name AS channelName, c.url AS channelUrl,
              CASE WHEN r.joined = 1 THEN b.ack_days END AS ackDays, r.rule_id AS ruleId, r.reason,
              r.reason_code AS reasonCode, r.reason_params AS reasonParams
       FROM routing_decisions r LEFT JOIN oversight_bodies b ON b.id = r.body_id LEFT JOIN official_channels c ON c.id = r.channel_id
       WHERE r.report_id = ?1 ORDER BY r.seq`,
    )
    .bind(reportId)
    .all<Omit<RoutingOutcome, "joined" | "status" | "reasonParams"> & { joined: number; reasonParams: string | null }>();
  // The stored row has no status: derive it, so an excluded (accused) body is not shown as "not joined".
  return results.map((r) => ({
    ...r,
    joined: r.joined === 1,
    reasonParams: r.reasonParams ? (JSON.parse(r.reasonParams) as RoutingReasonParams) : {},
    status: decisionStatus(r.joined === 1, r.ruleId),
  }));
}
