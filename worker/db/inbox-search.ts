/**
 * Full-text search of a body's own reports, in Chinese: character bigrams of title and
 * description in the plain table report_ngrams (not FTS5: D1 export refuses virtual tables,
 * docs/operations.md). Reports are indexed lazily, per body, before each search; a query of one
 * character falls back to LIKE over the body's reports (few hundred rows, by index).
 */
import { bigrams } from "../domain/search.ts";
import { VISIBLE } from "./inbox.ts";

/** The body's active reports not indexed yet (at most `batch`). */
const pendingStatement = (db: D1Database, bodyId: string, batch: number) =>
  db
    .prepare(
      `SELECT r.id, r.title, r.description FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id
        LEFT JOIN report_ngram_state s ON s.report_id = a.report_id
        WHERE a.body_id = ?1 AND a.active = 1 AND ${VISIBLE} AND s.report_id IS NULL LIMIT ?2`,
    )
    .bind(bodyId, batch);

type Pending = { id: string; title: string; description: string };

/** Writes the bigrams of these reports and marks them indexed. */
async function indexReports(db: D1Database, reports: Pending[]): Promise<void> {
  // One statement per report: its bigrams travel as one JSON array (D1 binds at most 100 values).
  const stmts = reports.flatMap((r) => [
    db
      .prepare("INSERT OR IGNORE INTO report_ngrams (gram, report_id) SELECT value, ?2 FROM json_each(?1)")
      .bind(JSON.stringify(bigrams(`${r.title} ${r.description}`)), r.id),
    db.prepare("INSERT OR IGNORE INTO report_ngram_state (report_id) VALUES (?1)").bind(r.id),
  ]);
  for (let i = 0; i < stmts.length; i += 100) await db.batch(stmts.slice(i, i + 100));
}

/** The query finding the body's active reports that contain every bigram of `query` (or the text, for one character); null for an empty query. */
function searchStatement(db: D1Database, bodyId: string, query: string): D1PreparedStatement | null {
  const grams = bigrams(query).slice(0, 16);
  if (grams.length === 0) {
    const term = query.trim();
    if (!term) return null;
    return db
      .prepare(
        `SELECT r.id FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id
          WHERE a.body_id = ?1 AND a.active = 1 AND ${VISIBLE} AND (instr(r.title, ?2) > 0 OR instr(r.description, ?2) > 0) LIMIT 500`,
      )
      .bind(bodyId, term);
  }
  const list = grams.map((_, i) => `?${i + 2}`).join(", ");
  return db
    .prepare(
      `SELECT g.report_id AS id FROM report_ngrams g JOIN report_assignments a ON a.report_id = g.report_id AND a.body_id = ?1 AND a.active = 1 AND ${VISIBLE}
        WHERE g.gram IN (${list}) GROUP BY g.report_id HAVING count(*) = ${grams.length} LIMIT 500`,
    )
    .bind(bodyId, ...grams);
}

/**
 * Ids of the body's active reports containing every bigram of `query` (at most 500). One round
 * trip when the body's reports are indexed already: the check for unindexed reports and the
 * search go in one batch; reports not yet indexed (at most `batch`) are indexed and the search re-run.
 */
export async function searchBody(db: D1Database, bodyId: string, query: string, batch = 500): Promise<string[]> {
  const search = searchStatement(db, bodyId, query);
  if (!search) return [];
  const [pending, found] = (await db.batch([pendingStatement(db, bodyId, batch), search])) as [D1Result<Pending>, D1Result<{ id: string }>];
  if (pending.results.length === 0) return found.results.map((r) => r.id);
  await indexReports(db, pending.results);
  return (await search.all<{ id: string }>()).results.map((r) => r.id);
}
