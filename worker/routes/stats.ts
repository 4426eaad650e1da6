/**
 * Public response figures: /stats (page) and /api/stats (JSON), computed at most every
 * STATS_TTL seconds (Cache API). Published per body and per area with denominators, by
 * category and by month as one-dimensional tables; small cells suppressed
 * (worker/domain/suppression.ts); nothing ranked.
 */
import type { Context } from "hono";
import { factory, type AppEnv } from "../env.ts";
import { statsPage } from "./stats-page.tsx";
import { cachedStats } from "./stats-data.ts";

export const STATS_TTL = 600;

const statsFor = (c: Context<AppEnv>) => {
  const year = c.req.query("year");
  return cachedStats(new URL(c.req.url).origin, c.env.DB, year && /^\d{4}$/.test(year) ? year : null, STATS_TTL, (p) => c.executionCtx.waitUntil(p));
};

/** Public response figures: /stats and /api/stats (issue #6). */
export const statsRoutes = factory.createApp();

statsRoutes.get("/api/stats", async (c) => c.json(await statsFor(c), 200, { "cache-control": `public, max-age=${STATS_TTL}` }));

statsRoutes.get("/stats", async (c) => statsPage(c, await statsFor(c)));
