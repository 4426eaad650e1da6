/**
 * Search over list items and measures (issue 13), in D1, ranked as the place search is: exact key,
 * then key prefix (both on the content_keys primary key), then substring (the entries holding the
 * query's first bigram in content_ngrams, checked against the whole key). Names and titles rank
 * before summaries within a tier. Keys are textKey (data/schema/division.ts) on both sides; the
 * tables are filled by scripts/load-content.ts with content-rows.ts.
 */
import { keyBigrams } from "../../data/schema/division.ts";
import type { ContentEntry, ContentHit } from "../domain/content-search.ts";
import type { MatchTier } from "../domain/place-search.ts";
import type { MeasureDateKind } from "../../data/schema/measure.ts";

/** At most this many results are counted, as for places. */
export const MAX_CONTENT_RESULTS = 500;

const TIERS: MatchTier[] = ["exact", "prefix", "substring"];
export interface ContentResults {
  total: number;
  capped: boolean;
  results: ContentHit[];
}

/** The three query shapes, each on an index (tests/worker/content-search.test.ts asserts it). */
export const CONTENT_TIER_SQL = {
  exact: "SELECT id, 0 AS tier, field, length(key) AS klen FROM content_keys WHERE key = ?1",
  prefix: "SELECT id, 1 AS tier, field, length(key) AS klen FROM content_keys WHERE key > ?1 AND key < ?1 || char(1114111) LIMIT ?3",
  substring: `SELECT k.id, 2 AS tier, k.field, length(k.key) AS klen FROM content_ngrams g
      CROSS JOIN content_keys k ON k.id = g.id WHERE g.gram = ?2 AND instr(k.key, ?1) > 1 LIMIT ?3`,
} as const;

function searchSql(withSubstring: boolean): string {
  const hits = [CONTENT_TIER_SQL.exact, CONTENT_TIER_SQL.prefix, ...(withSubstring ? [CONTENT_TIER_SQL.substring] : [])]
    .map((s) => `SELECT * FROM (${s})`)
    .join("\n UNION ALL ");
  // rank: tier first, then name or title (field 0) before summary (field 1).
  return `WITH hits AS (${hits}),
    best AS (SELECT id, min(tier * 2 + field) AS rank, min(klen) AS klen FROM hits GROUP BY id),
    ranked AS (SELECT * FROM best ORDER BY rank, klen, id LIMIT ?3),
    page AS (SELECT *, count(*) OVER () AS total FROM ranked ORDER BY rank, klen, id LIMIT ?4 OFFSET ?5)
    SELECT g.id, g.rank, g.total, e.kind, e.title, e.href, e.area, e.part, e.source, e.dated, e.date_kind, e.illustrative,
           a2.name AS n2, a4.name AS n4, a6.name AS n6, a9.name AS n9
      FROM page g JOIN content_entries e ON e.id = g.id
      LEFT JOIN divisions a2 ON length(e.area) >= 2 AND a2.code = substr(e.area, 1, 2)
      LEFT JOIN divisions a4 ON length(e.area) >= 4 AND a4.code = substr(e.area, 1, 4)
      LEFT JOIN divisions a6 ON length(e.area) >= 6 AND a6.code = substr(e.area, 1, 6)
      LEFT JOIN divisions a9 ON length(e.area) >= 9 AND a9.code = substr(e.area, 1, 9)
     ORDER BY g.rank, g.klen, g.id`;
}

/** A result row: the entry's columns (snake_case, SQLite booleans as numbers) with its rank and area names. */
type Row = Omit<ContentEntry, "keys" | "dateKind" | "illustrative"> & {
  rank: number;
  total: number;
  date_kind: MeasureDateKind | null;
  illustrative: number;
  n2: string | null;
  n4: string | null;
  n6: string | null;
  n9: string | null;
};

/** The list items and measures matching a search key (textKey of the query), best first, one page of them. */
export async function searchContent(db: D1Database, key: string, q: { offset: number; limit: number }): Promise<ContentResults> {
  if (!key) return { total: 0, capped: false, results: [] };
  const first = keyBigrams(key)[0] ?? null;
  const run = (offset: number, limit: number) =>
    db
      .prepare(searchSql(first !== null))
      .bind(key, first, MAX_CONTENT_RESULTS + 1, limit, offset)
      .all<Row>();
  const { results } = await run(q.offset, q.limit);
  // A page past the end has no row to carry the count: ask for the first row to learn it.
  const counted = results[0]?.total ?? (q.offset > 0 ? ((await run(0, 1)).results[0]?.total ?? 0) : 0);
  return {
    total: Math.min(counted, MAX_CONTENT_RESULTS),
    capped: counted > MAX_CONTENT_RESULTS,
    results: results.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      href: r.href,
      tier: TIERS[r.rank >> 1]!,
      inSummary: (r.rank & 1) === 1,
      part: r.part,
      source: r.source,
      dated: r.dated,
      dateKind: r.date_kind,
      illustrative: r.illustrative === 1,
      area: r.area,
      // Only the levels the area has (a join on a longer prefix finds nothing, e.g. 'CN').
      areaNames: [r.n2, r.n4, r.n6, r.n9].filter((n): n is string => n !== null),
    })),
  };
}
