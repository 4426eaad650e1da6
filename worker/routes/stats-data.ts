import { statsFromResults, statsStatements } from "../db/stats.ts";
import { UNASSIGNED, type PublicStats } from "../domain/stats.ts";
import { beijingToday } from "../domain/working-days.ts";

export interface StatsWithNames extends PublicStats {
  period: string;
  bodyNames: Record<string, string>;
}

/** The public figures for a year (or all time), aggregated in SQL, with the names of the bodies. */
export async function loadStats(db: D1Database, year: string | null): Promise<StatsWithNames> {
  const results = await db.batch([...statsStatements(db, year, beijingToday()), db.prepare("SELECT id, name FROM oversight_bodies WHERE joined = 1")]);
  const bodies = results.pop()!;
  const stats = statsFromResults(results);
  const bodyNames = Object.fromEntries((bodies.results as { id: string; name: string }[]).map((b) => [b.id, b.name]));
  // Sorted by name, never by a figure: the page does not rank bodies.
  stats.byBody.sort((a, b) => (a.key === UNASSIGNED ? 1 : b.key === UNASSIGNED ? -1 : (bodyNames[a.key] ?? a.key).localeCompare(bodyNames[b.key] ?? b.key, "zh-CN")));
  return { ...stats, period: year ?? "all", bodyNames };
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
