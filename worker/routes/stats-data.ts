import { computeStats, STATS_SQL, UNASSIGNED, type PublicStats, type StatsRow } from "../domain/stats.ts";
import { beijingToday } from "../domain/working-days.ts";

export interface StatsWithNames extends PublicStats {
  period: string;
  bodyNames: Record<string, string>;
}

/** Computes the public figures for a year (or all time) with the names of the bodies. */
export async function loadStats(db: D1Database, year: string | null): Promise<StatsWithNames> {
  const [rows, bodies] = await db.batch([db.prepare(STATS_SQL).bind(year), db.prepare("SELECT id, name FROM oversight_bodies WHERE joined = 1")]);
  const stats = computeStats(rows!.results as unknown as StatsRow[], beijingToday());
  const bodyNames = Object.fromEntries((bodies!.results as { id: string; name: string }[]).map((b) => [b.id, b.name]));
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
