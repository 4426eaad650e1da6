/**
 * Full-text search of a body's own reports, in Chinese: character bigrams of title and
 * description in the plain table report_ngrams (not FTS5: D1 export refuses virtual tables,
 * docs/operations.md). Reports are indexed lazily, per body, before each search; a query of one
 * character falls back to LIKE over the body's reports (few hundred rows, by index).
 */

/** Lower-cased bigrams of the text's letters and digits (punctuation and spaces split words). */
export function bigrams(text: string): string[] {
  const grams = new Set<string>();
  for (const word of text.normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  }
  return [...grams];
}

/** Indexes the body's active reports that are not indexed yet (at most `batch` per call). */
export async function indexBody(db: D1Database, bodyId: string, batch = 500): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.title, r.description FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id
        LEFT JOIN report_ngram_state s ON s.report_id = a.report_id
        WHERE a.body_id = ?1 AND a.active = 1 AND s.report_id IS NULL LIMIT ?2`,
    )
    .bind(bodyId, batch)
    .all<{ id: string; title: string; description: string }>();
  if (results.length === 0) return 0;
  // One statement per report: its bigrams travel as one JSON array (D1 binds at most 100 values).
  const stmts = results.flatMap((r) => [
    db.prepare("INSERT OR IGNORE INTO report_ngrams (gram, report_id) SELECT value, ?2 FROM json_each(?1)").bind(JSON.stringify(bigrams(`${r.title} ${r.description}`)), r.id),
    db.prepare("INSERT OR IGNORE INTO report_ngram_state (report_id) VALUES (?1)").bind(r.id),
  ]);
  for (let i = 0; i < stmts.length; i += 100) await db.batch(stmts.slice(i, i + 100));
  return results.length;
}

/** Ids of the body's active reports containing every bigram of `query` (at most 500). */
export async function searchBody(db: D1Database, bodyId: string, query: string): Promise<string[]> {
  await indexBody(db, bodyId);
  const grams = bigrams(query).slice(0, 16);
  if (grams.length === 0) {
    const term = query.trim();
    if (!term) return [];
    const { results } = await db
      .prepare(
        `SELECT r.id FROM report_assignments a CROSS JOIN reports r ON r.id = a.report_id
          WHERE a.body_id = ?1 AND a.active = 1 AND (instr(r.title, ?2) > 0 OR instr(r.description, ?2) > 0) LIMIT 500`,
      )
      .bind(bodyId, term)
      .all<{ id: string }>();
    return results.map((r) => r.id);
  }
  const list = grams.map((_, i) => `?${i + 2}`).join(", ");
  const { results } = await db
    .prepare(
      `SELECT g.report_id AS id FROM report_ngrams g JOIN report_assignments a ON a.report_id = g.report_id AND a.body_id = ?1 AND a.active = 1
        WHERE g.gram IN (${list}) GROUP BY g.report_id HAVING count(*) = ${grams.length} LIMIT 500`,
    )
    .bind(bodyId, ...grams)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}
