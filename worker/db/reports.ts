/**
 * D1 queries of report intake (issue #5). Statements are returned, not run, where intake
 * needs them in its one batch with the delivery plan (worker/delivery/plan.ts).
 */
import type { ReportInput } from "../../data/schema/report.ts";
import type { EvidenceMediaType } from "../../data/schema/report.ts";
import type { SignatureCandidate } from "../domain/duplicates.ts";
import type { BatchRead } from "./batch-read.ts";
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
         title, description, since_month, hours_per_month, list_status, duty_item_ref, publish_consent, idempotency_hash, duplicate_group, forward_consent)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)`,
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
      input.forwardConsent ? 1 : 0,
    );
}

/** The first status event of a report: received, by the reporter. */
export const insertReceivedEvent = (db: D1Database, reportId: string, day: string) =>
  db
    .prepare(
      "INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, actor) VALUES (?1, 1, ?2, 'received', NULL, 'received', 'reporter')",
    )
    .bind(reportId, day);

/** Attaches an upload to its report; its staged file moves to its final key in the report's batch (`movesAt`, migration 0049). */
export const attachEvidence = (db: D1Database, reportId: string, tokenHash: string, movesAt: number) =>
  db.prepare("UPDATE evidence SET report_id = ?1, moves_at = ?3 WHERE token_hash = ?2 AND report_id IS NULL").bind(reportId, tokenHash, movesAt);

export interface EvidenceRow {
  id: string;
  tokenHash: string;
  reportId: string | null;
  /** The final key, written only in the report's delivery batch; until then the file is at `stagedKey`. */
  r2Key: string;
  stagedKey: string;
  /** The report's batch time (ms), or null while the upload is attached to no report. */
  movesAt: number | null;
  mediaType: EvidenceMediaType;
  bytes: number;
  uploadedOn: string;
}

export const insertEvidence = (db: D1Database, e: EvidenceRow) =>
  db
    .prepare(
      "INSERT INTO evidence (id, token_hash, report_id, r2_key, staged_key, moves_at, media_type, bytes, uploaded_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(e.id, e.tokenHash, e.reportId, e.r2Key, e.stagedKey, e.movesAt, e.mediaType, e.bytes, e.uploadedOn);

/** How many of these upload tokens exist and are not yet attached to a report. */
export const setDuplicateGroup = (db: D1Database, reportId: string, group: string) =>
  db.prepare("UPDATE reports SET duplicate_group = ?1 WHERE id = ?2 AND duplicate_group IS NULL").bind(group, reportId);

/** Candidates compared with a new report at most (the newest first). */
const DUPLICATE_CANDIDATES_MAX = 500;

export interface IntakeReadsQuery {
  idempotencyHash: string | null;
  divisionCodes: string[];
  tokenHashes: string[];
  townshipCode: string;
  category: string;
  bodyKey: string;
  sinceDay: string;
}

/**
 * Every read of intake's own checks, for ONE D1 batch with the delivery plan's reads
 * (worker/services/intake.ts, worker/db/batch-read.ts): the replay, the divisions, the evidence
 * tokens and the duplicate candidates. The candidates come from one range of the index
 * report_signatures_candidates and are bounded, so their cost does not grow with the reports
 * stored (issue 16 item 3). Without an idempotency key or evidence there is nothing to ask for those.
 */
export function intakeReads(db: D1Database, q: IntakeReadsQuery) {
  const marks = (n: number) => Array.from({ length: n }, (_, i) => `?${i + 1}`).join(", ");
  return {
    /** The report an earlier submit with the same idempotency hash made, if any. */
    replayId: {
      statement: q.idempotencyHash ? db.prepare("SELECT id FROM reports WHERE idempotency_hash = ?1").bind(q.idempotencyHash) : null,
      read: (result) => (result?.results[0] as { id: string } | undefined)?.id ?? null,
    } satisfies BatchRead<string | null>,
    /** Which of the division codes exist. */
    known: {
      statement: db.prepare(`SELECT code FROM divisions WHERE code IN (${marks(q.divisionCodes.length)})`).bind(...q.divisionCodes),
      read: (result) => new Set((result!.results as { code: string }[]).map((r) => r.code)),
    } satisfies BatchRead<Set<string>>,
    /** Signatures of recent reports about the same township, category and body, not merged. */
    candidates: {
      statement: db
        .prepare(
          `SELECT s.report_id AS id, s.grams, r.duplicate_group AS duplicateGroup FROM report_signatures s JOIN reports r ON r.id = s.report_id
           WHERE s.township_code = ?1 AND s.category = ?2 AND s.body_key = ?3 AND s.received_on >= ?4 AND r.merged_into IS NULL
           ORDER BY s.received_on DESC LIMIT ?5`,
        )
        .bind(q.townshipCode, q.category, q.bodyKey, q.sinceDay, DUPLICATE_CANDIDATES_MAX),
      read: (result) => result!.results as unknown as SignatureCandidate[],
    } satisfies BatchRead<SignatureCandidate[]>,
    /** How many of the evidence tokens are uploaded and not attached yet. */
    unattached: {
      statement: q.tokenHashes.length
        ? db.prepare(`SELECT count(*) AS n FROM evidence WHERE report_id IS NULL AND token_hash IN (${marks(q.tokenHashes.length)})`).bind(...q.tokenHashes)
        : null,
      read: (result) => (result?.results[0] as { n: number } | undefined)?.n ?? 0,
    } satisfies BatchRead<number>,
  };
}

/** The report's duplicate signature (migrations/0014), written in its intake batch. */
export const insertSignature = (
  db: D1Database,
  s: { reportId: string; townshipCode: string; category: string; bodyKey: string; receivedOn: string; grams: string },
) =>
  db
    .prepare("INSERT INTO report_signatures (report_id, township_code, category, body_key, received_on, grams) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
    .bind(s.reportId, s.townshipCode, s.category, s.bodyKey, s.receivedOn, s.grams);

export async function reportIdByIdempotencyHash(db: D1Database, hash: string): Promise<string | null> {
  const row = await db.prepare("SELECT id FROM reports WHERE idempotency_hash = ?1").bind(hash).first<{ id: string }>();
  return row?.id ?? null;
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

/**
 * The routing decisions stored for a report, as the receipt, next-steps and /track pages show them:
 * the bodies that hold it now first, then the rest in the order they were made. A forwarded report
 * (worker/services/forwarding.ts) keeps its first, not-joined decisions before the new ones (seq):
 * the reporter reads the body that has it now first and the older decisions (one may name the same
 * body, when it had not joined yet) as history.
 */
export async function routingOutcomes(db: D1Database, reportId: string): Promise<RoutingOutcome[]> {
  const { results } = await db
    .prepare(
      `SELECT r.body_id AS bodyId, b.name AS bodyName, r.joined, r.channel_id AS channelId, c.name AS channelName, c.url AS channelUrl,
              CASE WHEN r.joined = 1 THEN b.ack_days END AS ackDays, r.rule_id AS ruleId, r.reason,
              r.reason_code AS reasonCode, r.reason_params AS reasonParams
       FROM routing_decisions r LEFT JOIN oversight_bodies b ON b.id = r.body_id LEFT JOIN official_channels c ON c.id = r.channel_id
       WHERE r.report_id = ?1
       ORDER BY r.joined = 1 AND EXISTS (SELECT 1 FROM report_assignments a WHERE a.report_id = r.report_id AND a.body_id = r.body_id AND a.active = 1) DESC, r.seq`,
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
