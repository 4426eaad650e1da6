/**
 * Place search over every division (issue 13), in D1: exact key, then key prefix (both on the
 * place_names primary key, a B-tree range), then substring (the places holding the key's first
 * bigram in place_ngrams, checked against the whole key). One statement ranks, counts and pages.
 * Keys and bigrams come from data/schema/division.ts (placeKey, keyBigrams), for both sides;
 * the tables are filled by scripts/load-divisions.ts with place-rows.ts.
 */
import { exactKeys, keyBigrams, levelOfCode, type DivisionLevel } from "../../data/schema/division.ts";
import type { MatchTier, PlaceHit } from "../domain/place-search.ts";

/** At most this many results are counted; beyond it the page asks for a longer name. */
export const MAX_PLACE_RESULTS = 500;

const TIERS: MatchTier[] = ["exact", "prefix", "substring"];

export interface PlaceResults {
  /** Results counted (at most MAX_PLACE_RESULTS). */
  total: number;
  /** More than MAX_PLACE_RESULTS matched. */
  capped: boolean;
  results: PlaceHit[];
}

export interface PlaceQuery {
  offset: number;
  limit: number;
  /** Only these levels (the report picker takes townships and villages). */
  levels?: readonly DivisionLevel[];
}

const CODE_LENGTHS: Record<DivisionLevel, number> = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 };

/** The three query shapes, each on an index (tests/worker/places-plan.test.ts asserts it). */
export const PLACE_TIER_SQL = {
  exact: "SELECT code, 0 AS tier, length(key) AS klen, former FROM place_names WHERE key IN (SELECT value FROM json_each(?1))",
  prefix: "SELECT code, 1 AS tier, length(key) AS klen, former FROM place_names WHERE key > ?2 AND key < ?2 || char(1114111) LIMIT ?4",
  // Driven by the key's first bigram (names vary most at their start; the last one is often 村 or
  // 社区, shared by 100,000 names), each candidate checked against its whole key, LIMIT stopping early.
  substring: `SELECT p.code, 2 AS tier, length(p.key) AS klen, p.former FROM place_ngrams g
      CROSS JOIN place_names p ON p.code = g.code WHERE g.gram = ?3 AND instr(p.key, ?2) > 1 LIMIT ?4`,
} as const;

function searchSql(levels: readonly DivisionLevel[] | undefined, withSubstring: boolean): string {
  const lengths = levels?.length ? `WHERE length(code) IN (${levels.map((l) => CODE_LENGTHS[l]).join(", ")})` : "";
  const hits = [PLACE_TIER_SQL.exact, PLACE_TIER_SQL.prefix, ...(withSubstring ? [PLACE_TIER_SQL.substring] : [])]
    .map((s) => `SELECT * FROM (${s})`)
    .join("\n UNION ALL ");
  return `WITH hits AS (${hits}),
    best AS (SELECT code, min(tier) AS tier, min(klen) AS klen, min(former) AS former FROM hits ${lengths} GROUP BY code),
    ranked AS (SELECT * FROM best ORDER BY tier, klen, length(code), code LIMIT ?4),
    page AS (SELECT *, count(*) OVER () AS total FROM ranked ORDER BY tier, klen, length(code), code LIMIT ?5 OFFSET ?6)
    SELECT g.code, g.tier, g.klen, g.former, g.total, d.name, a2.name AS n2, a4.name AS n4, a6.name AS n6, a9.name AS n9
      FROM page g JOIN divisions d ON d.code = g.code
      LEFT JOIN divisions a2 ON length(g.code) > 2 AND a2.code = substr(g.code, 1, 2)
      LEFT JOIN divisions a4 ON length(g.code) > 4 AND a4.code = substr(g.code, 1, 4)
      LEFT JOIN divisions a6 ON length(g.code) > 6 AND a6.code = substr(g.code, 1, 6)
      LEFT JOIN divisions a9 ON length(g.code) > 9 AND a9.code = substr(g.code, 1, 9)
     ORDER BY g.tier, g.klen, length(g.code), g.code`;
}

interface Row {
  code: string;
  tier: number;
  former: number;
  total: number;
  name: string;
  n2: string | null;
  n4: string | null;
  n6: string | null;
  n9: string | null;
}

/** The places matching a search key (placeKey of the query), best first, one page of them. */
export async function searchPlaces(db: D1Database, key: string, q: PlaceQuery): Promise<PlaceResults> {
  if (!key) return { total: 0, capped: false, results: [] };
  const first = keyBigrams(key)[0] ?? null;
  const run = (offset: number, limit: number) =>
    db
      .prepare(searchSql(q.levels, first !== null))
      .bind(JSON.stringify(exactKeys(key)), key, first, MAX_PLACE_RESULTS + 1, limit, offset)
      .all<Row>();
  let { results } = await run(q.offset, q.limit);
  // A page past the end has no row to carry the count: ask for the first row to learn it.
  const counted = results[0]?.total ?? (q.offset > 0 ? ((await run(0, 1)).results[0]?.total ?? 0) : 0);
  return {
    total: Math.min(counted, MAX_PLACE_RESULTS),
    capped: counted > MAX_PLACE_RESULTS,
    results: results.map((r) => ({
      code: r.code,
      name: r.name,
      level: levelOfCode(r.code)!,
      tier: TIERS[r.tier]!,
      former: r.former === 1,
      names: [r.n2, r.n4, r.n6, r.n9].filter((n): n is string => n !== null).concat(r.name),
    })),
  };
}

/** The names from the province down to the township with this code, or null when there is none. */
export async function townshipNames(db: D1Database, code: string): Promise<string[] | null> {
  const r = await db
    .prepare(
      `SELECT t.name, a2.name AS n2, a4.name AS n4, a6.name AS n6 FROM divisions t
         LEFT JOIN divisions a2 ON a2.code = substr(t.code, 1, 2) LEFT JOIN divisions a4 ON a4.code = substr(t.code, 1, 4)
         LEFT JOIN divisions a6 ON a6.code = substr(t.code, 1, 6) WHERE t.code = ?1 AND t.level = 'township'`,
    )
    .bind(code)
    .first<{ name: string; n2: string | null; n4: string | null; n6: string | null }>();
  return r ? [r.n2, r.n4, r.n6].filter((n): n is string => n !== null).concat(r.name) : null;
}
