import { divisionNames, joinedBodiesStatement, statsFromResults, statsStatements } from "../../db/stats.ts";
import { UNASSIGNED, type PublicStats } from "../../domain/stats.ts";
import type { PublishedTable } from "../../domain/suppression.ts";
import { beijingToday, shiftDays } from "../../domain/working-days.ts";
import { relatedArea } from "../../../data/schema/division.ts";
import type { PublishedSummary } from "../../db/summaries.ts";

export interface StatsWithNames extends PublicStats {
  period: string;
  /** The last day (Beijing) counted: the day before the figures were computed (security M3). */
  asOf: string;
  bodyNames: Record<string, string>;
  /** Demo bodies (local demo only: a deploy build loads none); their names in bodyNames already end in «（演示）». */
  demoBodies: string[];
  /** Each joined body's area ("CN", or a division code), for the per-area view of /stats. */
  bodyAreas: Record<string, string>;
  /** Names of the county-level areas in byArea. */
  areaNames: Record<string, string>;
}

/** What /stats and /api/stats answer: the figures, the area asked for, and the live summaries. */
export type StatsView = StatsWithNames & { area: string | null; areaName: string | null; summaries: PublishedSummary[] };

/**
 * The public figures for a year (or all time), aggregated in SQL, with the names of the bodies:
 * reports received up to the day before `today` (Beijing), never today's (security M3).
 */
export async function loadStats(db: D1Database, year: string | null, today: string = beijingToday()): Promise<StatsWithNames> {
  const results = await db.batch([...statsStatements(db, year, today, today), joinedBodiesStatement(db)]);
  const bodies = results.pop()!.results as { id: string; name: string; area_code: string; demo: number }[];
  const stats = statsFromResults(results);
  const bodyNames = Object.fromEntries(bodies.map((b) => [b.id, b.name]));
  const bodyAreas = Object.fromEntries(bodies.map((b) => [b.id, b.area_code]));
  const areaNames = await divisionNames(
    db,
    stats.byArea.map((a) => a.key),
  );
  // Sorted by name, never by a figure: the page does not rank bodies.
  stats.byBody.sort((a, b) =>
    a.key === UNASSIGNED ? 1 : b.key === UNASSIGNED ? -1 : (bodyNames[a.key] ?? a.key).localeCompare(bodyNames[b.key] ?? b.key, "zh-CN"),
  );
  const demoBodies = bodies.filter((b) => b.demo === 1).map((b) => b.id);
  return { ...stats, period: year ?? "all", asOf: shiftDays(today, -1), bodyNames, demoBodies, bodyAreas, areaNames };
}

/**
 * The figures, computed once per Beijing day for the day before (security M3): the cache key is
 * the day, and an entry lives until the next Beijing midnight, so polling learns nothing finer
 * than a whole day of reports. `v` changes with the shape of the figures, so a deploy never
 * reads an entry of the old shape.
 */
export async function cachedStats(
  origin: string,
  db: D1Database,
  year: string | null,
  waitUntil: (p: Promise<unknown>) => void,
  now: number = Date.now(),
): Promise<StatsWithNames> {
  const today = beijingToday(new Date(now));
  const cache = (caches as unknown as { default: Cache }).default;
  const key = new Request(`${origin}/api/stats/cache?v=2&year=${year ?? "all"}&day=${today}`);
  const hit = await cache.match(key);
  if (hit) return hit.json();
  const stats = await loadStats(db, year, today);
  const untilMidnight = Math.max(60, Math.floor((Date.parse(`${shiftDays(today, 1)}T00:00:00+08:00`) - now) / 1000));
  waitUntil(
    cache.put(
      key,
      new Response(JSON.stringify(stats), { headers: { "content-type": "application/json", "cache-control": `public, max-age=${untilMidnight}` } }),
    ),
  );
  return stats;
}

/** Township and village codes: the figures are never narrowed below county level. */
export const BELOW_COUNTY = /^\d{9}(\d{3})?$/;

/**
 * The reports that reached no body in an area: its county-level cells, and their sum only when
 * every one of them is published (a sum of published cells reveals nothing more). None for a
 * township or village.
 */
function unreachedIn(table: PublishedTable, area: string): PublishedTable {
  if (BELOW_COUNTY.test(area)) return { cells: [], total: null };
  const cells = table.cells.filter((c) => relatedArea(c.key, area));
  const published = cells.every((c) => c.count !== null);
  return { cells, total: published ? cells.reduce((s, c) => s + c.count!, 0) : null };
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
    unreachedByArea: unreachedIn(stats.unreachedByArea, area),
    bodyNames: only(stats.bodyNames, bodies),
    demoBodies: stats.demoBodies.filter((id) => bodies.includes(id)),
    bodyAreas: only(stats.bodyAreas, bodies),
    areaNames: only(
      stats.areaNames,
      byArea.map((a) => a.key),
    ),
  };
}
