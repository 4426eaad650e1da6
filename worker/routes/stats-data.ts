import { divisionNames, joinedBodiesStatement, statsFromResults, statsStatements } from "../db/stats.ts";
import { UNASSIGNED, type PublicStats } from "../domain/stats.ts";
import { beijingToday } from "../domain/working-days.ts";
import { relatedArea } from "../../data/schema/division.ts";

export interface StatsWithNames extends PublicStats {
  period: string;
  bodyNames: Record<string, string>;
  /** Each joined body's area ("CN", or a division code), for the per-area view of /stats. */
  bodyAreas: Record<string, string>;
  /** Names of the county-level areas in byArea. */
  areaNames: Record<string, string>;
}

/** The public figures for a year (or all time), aggregated in SQL, with the names of the bodies. */
export async function loadStats(db: D1Database, year: string | null): Promise<StatsWithNames> {
  const results = await db.batch([...statsStatements(db, year, beijingToday()), joinedBodiesStatement(db)]);
  const bodies = results.pop()!.results as { id: string; name: string; area_code: string }[];
  const stats = statsFromResults(results);
  const bodyNames = Object.fromEntries(bodies.map((b) => [b.id, b.name]));
  const bodyAreas = Object.fromEntries(bodies.map((b) => [b.id, b.area_code]));
  const areaNames = await divisionNames(db, stats.byArea.map((a) => a.key));
  // Sorted by name, never by a figure: the page does not rank bodies.
  stats.byBody.sort((a, b) => (a.key === UNASSIGNED ? 1 : b.key === UNASSIGNED ? -1 : (bodyNames[a.key] ?? a.key).localeCompare(bodyNames[b.key] ?? b.key, "zh-CN")));
  return { ...stats, period: year ?? "all", bodyNames, bodyAreas, areaNames };
}

/** The figures, from the Cache API when fresh (STATS_TTL seconds), else computed and stored. */
export async function cachedStats(origin: string, db: D1Database, year: string | null, ttl: number, waitUntil: (p: Promise<unknown>) => void): Promise<StatsWithNames> {
  const cache = (caches as unknown as { default: Cache }).default;
  const key = new Request(`${origin}/api/stats/cache?year=${year ?? "all"}`);
  const hit = await cache.match(key);
  if (hit) return hit.json();
  const stats = await loadStats(db, year);
  waitUntil(cache.put(key, new Response(JSON.stringify(stats), { headers: { "content-type": "application/json", "cache-control": `public, max-age=${ttl}` } })));
  return stats;
}

/**
 * The rows about one area (a region page's link): the bodies covering it or within it, and the
 * county-level areas in it or containing it. Only published rows are filtered, never re-added,
 * so suppression holds; the national totals and the category and month tables are left out.
 */
export function statsForArea(stats: StatsWithNames, area: string): StatsWithNames {
  const byBody = stats.byBody.filter((b) => stats.bodyAreas[b.key] !== undefined && relatedArea(stats.bodyAreas[b.key]!, area));
  const byArea = stats.byArea.filter((a) => relatedArea(a.key, area));
  const only = <T>(record: Record<string, T>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in record).map((k) => [k, record[k]!]));
  const bodies = byBody.map((b) => b.key);
  return {
    ...stats,
    total: null,
    byBody,
    byArea,
    byCategory: { total: null, cells: [] },
    byMonth: { total: null, cells: [] },
    bodyNames: only(stats.bodyNames, bodies),
    bodyAreas: only(stats.bodyAreas, bodies),
    areaNames: only(stats.areaNames, byArea.map((a) => a.key)),
  };
}
