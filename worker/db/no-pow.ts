/** Daily counters of reports filed without proof of work (migrations/0012_no_pow_daily.sql). */

/**
 * Takes one from the day's budget of `scope` if fewer than `cap` were taken: one statement, so
 * concurrent posts cannot both take the last one. False when the budget is spent.
 */
export async function takeDailyQuota(db: D1Database, day: string, scope: string, cap: number): Promise<boolean> {
  const row = await db
    .prepare(
      "INSERT INTO no_pow_daily (day, scope, used) VALUES (?1, ?2, 1) ON CONFLICT (day, scope) DO UPDATE SET used = used + 1 WHERE used < ?3 RETURNING used",
    )
    .bind(day, scope, cap)
    .first<{ used: number }>();
  return row !== null && row.used <= cap;
}

/** Counts a no-proof-of-work report for each body it was routed to (for that body's digest). */
export async function countForBodies(db: D1Database, day: string, bodyIds: string[]): Promise<void> {
  if (bodyIds.length === 0) return;
  await db.batch(
    bodyIds.map((id) =>
      db
        .prepare("INSERT INTO no_pow_daily (day, scope, used) VALUES (?1, ?2, 1) ON CONFLICT (day, scope) DO UPDATE SET used = used + 1")
        .bind(day, `body:${id}`),
    ),
  );
}

/** How many no-proof-of-work reports each body got on `day`. */
export async function bodyCounts(db: D1Database, day: string): Promise<Map<string, number>> {
  const { results } = await db
    .prepare("SELECT substr(scope, 6) AS bodyId, used FROM no_pow_daily WHERE day = ?1 AND scope LIKE 'body:%'")
    .bind(day)
    .all<{ bodyId: string; used: number }>();
  return new Map(results.map((r) => [r.bodyId, r.used]));
}

/** Drops the limits of days before `today` and the digest counts of days before `yesterday`. */
export const purgeNoPowDaily = (db: D1Database, today: string, yesterday: string) =>
  db.prepare("DELETE FROM no_pow_daily WHERE (scope NOT LIKE 'body:%' AND day < ?1) OR day < ?2").bind(today, yesterday).run();
