import { divisionNames, joinedBodiesStatement, statsFromResults, statsStatements } from "../db/stats.ts";
import { UNASSIGNED, type PublicStats } from "../domain/stats.ts";
import { beijingToday, shiftDays } from "../domain/working-days.ts";
import { relatedArea } from "../../data/schema/division.ts";

export interface StatsWithNames extends PublicStats {
  period: string;
  /** The last day (Beijing) counted: the day before the figures were computed (security M3). */
  asOf: string;
  bodyNames: Record<string, string>;
  /** Each joined body's area ("CN", or a division code), for the per-area view of /stats. */
  bodyAreas: Record<string, string>;
  /** Names of the county-level areas in byArea. */
  areaNames: Record<string, string>;
}

/**
 * The public figures for a year (or all time), aggregated in SQL, with the names of the bodies:
 * reports received up to the day before `today` (Beijing), never today's (security M3).
 */
export async function loadStats(db: D1Database, year: string | null, today: string = beijingToday()): Promise<StatsWithNames> {
  const results = await db.batch([...statsStatements(db, year, today, today), joinedBodiesStatement(db)]);
  const bodies = results.pop()!.results as { id: string; name: string; area_code: string }[];
  const stats = statsFromResults(results);
  const bodyNames = Object.fromEntries(bodies.map((b) => [b.id, b.name]));
  const bodyAreas = Object.fromEntries(bodies.map((b) => [b.id, b.area_code]));
  const areaNames = await divisionNames(db, stats.byArea.map((a) => a.key));
  // Sorted by name, never by a figure: the page does not rank bodies.
  stats.byBody.sort((a, b) => (a.key === UNASSIGNED ? 1 : b.key === UNASSIGNED ? -1 : (bodyNames[a.key] ?? a.key).localeCompare(bodyNames[b.key] ?? b.key, "zh-CN")));
  return { ...stats, period: year ?? "all", asOf: shiftDays(today, -1), bodyNames, bodyAreas, areaNames };
}

/**
 * The figures, computed once per Beijing day for the day before (security M3): the cache key is
 * the day, and an entry lives until the next Beijing midnight, so polling learns nothing finer
 * than a whole day of reports.
 */
export async function cachedStats(origin: string, db: D1Database, year: string | null, waitUntil: (p: Promise<unknown>) => void, now: number = Date.now()): Promise<StatsWithNames> {
  const today = beijingToday(new Date(now));
  const cache = (caches as unknown as { default: Cache }).default;
  const key = new Request(`${origin}/api/stats/cache?year=${year ?? "all"}&day=${today}`);
  const hit = await cache.match(key);
  if (hit) return hit.json();
  const stats = await loadStats(db, year, today);
  const untilMidnight = Math.max(60, Math.floor((Date.parse(`${shiftDays(today, 1)}T00:00:00+08:00`) - now) / 1000));
  waitUntil(cache.put(key, new Response(JSON.stringify(stats), { headers: { "content-type": "application/json", "cache-control": `public, max-age=${untilMidnight}` } })));
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
