/** D1 queries of contributions (issue 12): intake, status by code hash, the file retention sweep. */
import type { ContributionFileType, ContributionStatus } from "../../data/schema/contribution.ts";
import { areaOf } from "../../data/schema/division.ts";

export interface NewContribution {
  id: string;
  codeHash: string;
  kind: "list" | "channel";
  countyCode: string;
  townships: string[];
  wholeCounty: boolean;
  url: string;
  governmentHost: boolean;
  note: string | null;
  file: { key: string; name: string; type: ContributionFileType; size: number } | null;
  receivedOn: string;
}

export const insertContribution = (db: D1Database, c: NewContribution) =>
  db
    .prepare(
      `INSERT INTO contributions (id, code_hash, kind, county_code, townships, whole_county, url, government_host, note, file_key, file_name, file_type, file_size, received_on)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)`,
    )
    .bind(
      c.id,
      c.codeHash,
      c.kind,
      c.countyCode,
      JSON.stringify(c.townships),
      c.wholeCounty ? 1 : 0,
      c.url,
      c.governmentHost ? 1 : 0,
      c.note,
      c.file?.key ?? null,
      c.file?.name ?? null,
      c.file?.type ?? null,
      c.file?.size ?? null,
      c.receivedOn,
    );

/** What the contributor sees on /contribute/track. */
export interface TrackedContribution {
  kind: "list" | "channel";
  countyCode: string;
  townships: string;
  wholeCounty: number;
  url: string;
  status: ContributionStatus;
  outcomePath: string | null;
  outcomeReason: string | null;
  receivedOn: string;
  outcomeOn: string | null;
  hasFile: number;
}

export const contributionByCodeHash = (db: D1Database, hash: string) =>
  db
    .prepare(
      `SELECT kind, county_code AS countyCode, townships, whole_county AS wholeCounty, url, status, outcome_path AS outcomePath,
              outcome_reason AS outcomeReason, received_on AS receivedOn, outcome_on AS outcomeOn, (file_key IS NOT NULL) AS hasFile
         FROM contributions WHERE code_hash = ?1`,
    )
    .bind(hash)
    .first<TrackedContribution>();

/** Files whose outcome was recorded on or before `day` (90 days ago), for the daily sweep. */
export async function expiredContributionFiles(db: D1Database, day: string, limit = 100): Promise<{ id: string; fileKey: string }[]> {
  const { results } = await db
    .prepare("SELECT id, file_key AS fileKey FROM contributions WHERE file_key IS NOT NULL AND outcome_on IS NOT NULL AND outcome_on <= ?1 LIMIT ?2")
    .bind(day, limit)
    .all<{ id: string; fileKey: string }>();
  return results;
}

export const markContributionFileDeleted = (db: D1Database, id: string, day: string) =>
  db.prepare("UPDATE contributions SET file_key = NULL, file_deleted_on = ?2 WHERE id = ?1").bind(id, day);

/** The province and prefecture above a county `c` (p1 its parent, p2 the grandparent); a municipality's district has one. */
const COUNTY_CHAIN_JOIN = "LEFT JOIN divisions p ON p.code = c.parent_code LEFT JOIN divisions pp ON pp.code = p.parent_code";
const chainOf = (r: { p1: string | null; p2: string | null }) => [r.p2, r.p1].filter((n): n is string => !!n);

export interface CountyTownships {
  county: { code: string; name: string; chain: string[] };
  townships: { code: string; name: string }[];
}

/** A county (or a township's county) with its townships in code order, for the form. */
export async function countyTownships(db: D1Database, code: string): Promise<CountyTownships | null> {
  const county = areaOf(code, "county");
  const row = await db
    .prepare(
      `SELECT c.code, c.name, p.name AS p1, pp.name AS p2 FROM divisions c
       ${COUNTY_CHAIN_JOIN}
       WHERE c.code = ?1 AND c.level = 'county'`,
    )
    .bind(county)
    .first<{ code: string; name: string; p1: string | null; p2: string | null }>();
  if (!row) return null;
  const { results } = await db
    .prepare("SELECT code, name FROM divisions WHERE parent_code = ?1 AND level = 'township' ORDER BY code")
    .bind(county)
    .all<{ code: string; name: string }>();
  return { county: { code: row.code, name: row.name, chain: chainOf(row) }, townships: results };
}

/** 已收录: the deployed data carries the contribution's source (worker/domain/contribution.ts). */
export const markContributionPublished = (db: D1Database, codeHash: string, path: string, day: string) =>
  db
    .prepare("UPDATE contributions SET status = 'accepted', outcome_path = ?2, outcome_on = ?3 WHERE code_hash = ?1 AND status IN ('received', 'reviewing')")
    .bind(codeHash, path, day);

/** A county with lists handed in and not yet decided (已收到, 核对中): the count only (issue 12 item 5). */
export interface PendingCounty {
  code: string;
  name: string;
  /** Province and prefecture names above the county, top first (a municipality's district has one). */
  chain: string[];
  pending: number;
}

/** Handed-in lists waiting for an editor, per county in code order; channels and decided ones are not counted. */
export async function pendingListsByCounty(db: D1Database): Promise<PendingCounty[]> {
  const { results } = await db
    .prepare(
      `SELECT k.county_code AS code, c.name, p.name AS p1, pp.name AS p2, count(*) AS pending FROM contributions k
       JOIN divisions c ON c.code = k.county_code
       ${COUNTY_CHAIN_JOIN}
       WHERE k.kind = 'list' AND k.status IN ('received', 'reviewing')
       GROUP BY k.county_code ORDER BY k.county_code`,
    )
    .all<{ code: string; name: string; p1: string | null; p2: string | null; pending: number }>();
  return results.map((r) => ({ code: r.code, name: r.name, chain: chainOf(r), pending: r.pending }));
}

// ---------------------------------------------------------------------------------------------
// The editors' desk (issue 12 item 2). No query here touches a report table.

/** One line of the desk's queue. */
export interface QueueRow {
  id: string;
  kind: "list" | "channel";
  countyCode: string;
  countyName: string | null;
  townships: string;
  wholeCounty: number;
  status: ContributionStatus;
  receivedOn: string;
  hasFile: number;
  importReady: number;
  duplicateOf: string | null;
}

const DESK_COLUMNS = `c.id, c.kind, c.county_code AS countyCode, d.name AS countyName, c.townships, c.whole_county AS wholeCounty, c.status,
  c.received_on AS receivedOn, (c.file_key IS NOT NULL) AS hasFile, c.import_ready AS importReady, c.duplicate_of AS duplicateOf`;

/** Contributions in `status`, newest first (by day; within a day there is no order of arrival). */
export async function contributionQueue(db: D1Database, status: ContributionStatus, limit = 200): Promise<QueueRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${DESK_COLUMNS} FROM contributions c LEFT JOIN divisions d ON d.code = c.county_code WHERE c.status = ?1 ORDER BY c.received_on DESC, c.id LIMIT ?2`,
    )
    .bind(status, limit)
    .all<QueueRow>();
  return results;
}

/** How many contributions are in each status, for the queue's tabs. */
export async function contributionCounts(db: D1Database): Promise<Partial<Record<ContributionStatus, number>>> {
  const { results } = await db.prepare("SELECT status, COUNT(*) AS n FROM contributions GROUP BY status").all<{ status: ContributionStatus; n: number }>();
  return Object.fromEntries(results.map((r) => [r.status, r.n]));
}

/** Everything the desk shows of one contribution (never its code hash). */
export interface DeskContribution extends QueueRow {
  url: string;
  governmentHost: number;
  note: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileType: ContributionFileType | null;
  fileSize: number | null;
  fileDeletedOn: string | null;
  outcomePath: string | null;
  outcomeReason: string | null;
  outcomeOn: string | null;
  issuer: string | null;
  documentNumber: string | null;
  adoptedOn: string | null;
  publishedOn: string | null;
  version: string | null;
  townshipParts: string | null;
  preview: string | null;
}

export const deskContribution = (db: D1Database, id: string) =>
  db
    .prepare(
      `SELECT ${DESK_COLUMNS}, c.url, c.government_host AS governmentHost, c.note, c.file_key AS fileKey, c.file_name AS fileName, c.file_type AS fileType,
              c.file_size AS fileSize, c.file_deleted_on AS fileDeletedOn, c.outcome_path AS outcomePath, c.outcome_reason AS outcomeReason, c.outcome_on AS outcomeOn,
              c.issuer, c.document_number AS documentNumber, c.adopted_on AS adoptedOn, c.published_on AS publishedOn, c.version, c.township_parts AS townshipParts, c.preview
         FROM contributions c LEFT JOIN divisions d ON d.code = c.county_code WHERE c.id = ?1`,
    )
    .bind(id)
    .first<DeskContribution>();

/** A contribution the desk offers as the original of a duplicate: same county, another row. */
export interface DuplicateCandidate {
  id: string;
  receivedOn: string;
  townships: string;
  wholeCounty: number;
  url: string;
}

/** The county's other contributions, newest first (by day, then id: no order of arrival), for the duplicate picker. */
export async function duplicateCandidates(db: D1Database, countyCode: string, id: string, limit = 100): Promise<DuplicateCandidate[]> {
  const { results } = await db
    .prepare(
      `SELECT id, received_on AS receivedOn, townships, whole_county AS wholeCounty, url FROM contributions
        WHERE county_code = ?1 AND id <> ?2 ORDER BY received_on DESC, id LIMIT ?3`,
    )
    .bind(countyCode, id, limit)
    .all<DuplicateCandidate>();
  return results;
}

export const setDuplicateOf = (db: D1Database, id: string, duplicateOf: string | null) =>
  db.prepare("UPDATE contributions SET duplicate_of = ?2 WHERE id = ?1").bind(id, duplicateOf);

export interface DeskMetadata {
  issuer: string | null;
  documentNumber: string | null;
  adoptedOn: string | null;
  publishedOn: string | null;
  version: string | null;
  townshipParts: string | null;
}

export const setMetadata = (db: D1Database, id: string, m: DeskMetadata) =>
  db
    .prepare("UPDATE contributions SET issuer = ?2, document_number = ?3, adopted_on = ?4, published_on = ?5, version = ?6, township_parts = ?7 WHERE id = ?1")
    .bind(id, m.issuer, m.documentNumber, m.adoptedOn, m.publishedOn, m.version, m.townshipParts);

export const setImportReady = (db: D1Database, id: string, ready: boolean) =>
  db.prepare("UPDATE contributions SET import_ready = ?2 WHERE id = ?1").bind(id, ready ? 1 : 0);

/** received → reviewing; no change (0 rows) from any other status. */
export const startReview = (db: D1Database, id: string) =>
  db.prepare("UPDATE contributions SET status = 'reviewing' WHERE id = ?1 AND status = 'received'").bind(id);

/** reviewing → accepted (with the page) or declined (with the reason), on `day`. */
export const setOutcome = (db: D1Database, id: string, o: { status: "accepted" | "declined"; path: string | null; reason: string | null; day: string }) =>
  db
    .prepare(
      "UPDATE contributions SET status = ?2, outcome_path = ?3, outcome_reason = ?4, outcome_on = ?5, import_ready = CASE WHEN ?2 = 'declined' THEN 0 ELSE import_ready END WHERE id = ?1 AND status = 'reviewing'",
    )
    .bind(id, o.status, o.path, o.reason, o.day);
