/**
 * Public response figures: /stats (page) and /api/stats (JSON), computed once a day for the day
 * before, Beijing time (Cache API, security M3: no filing shows in them on its own day). Published per body and per area with denominators, by
 * category and by month as one-dimensional tables; small cells suppressed
 * (worker/domain/suppression.ts); nothing ranked. `?area=` narrows to one region's bodies
 * (the region pages link there); published summaries are read live (worker/db/summaries.ts).
 */
import type { Context } from "hono";
import { factory, type AppEnv } from "../../env.ts";
import { invalidQuery } from "../../lib/respond.ts";
import { AREA_CODE } from "../../../data/schema/division.ts";
import { publishedSummaries } from "../../db/summaries.ts";
import { divisionName } from "../../db/stats.ts";
import { statsPage } from "./views.tsx";
import { cachedStats, statsForArea, type StatsView } from "./data.ts";

/**
 * Browsers and proxies revalidate every time: the summaries are read live, so a withdrawn consent
 * or a withdrawn summary disappears at once; the figures themselves still come from the cache.
 */
const BROWSER_CACHE = "no-cache";

async function statsFor(c: Context<AppEnv>): Promise<StatsView> {
  const year = c.req.query("year");
  const area = c.req.query("area");
  if (area !== undefined && !AREA_CODE.test(area)) throw invalidQuery(c.get("lang"), "area");
  const period = year && /^\d{4}$/.test(year) ? year : null;
  const [stats, summaries] = await Promise.all([
    cachedStats(new URL(c.req.url).origin, c.env.DB, period, (p) => c.executionCtx.waitUntil(p)),
    publishedSummaries(c.env.DB, period),
  ]);
  const scoped = area ? statsForArea(stats, area) : stats;
  const bodies = new Set(scoped.byBody.map((b) => b.key));
  const areaName = area && area !== "CN" ? await divisionName(c.env.DB, area) : null;
  return { ...scoped, area: area ?? null, areaName, summaries: area ? summaries.filter((s) => bodies.has(s.body)) : summaries };
}

/** Public response figures as JSON (issue #6), mounted once: /api/stats. */
export const statsApi = factory.createApp();
statsApi.get("/api/stats", async (c) => c.json(await statsFor(c), 200, { "cache-control": BROWSER_CACHE }));

/** Public response figures as a page (issue #6), mounted at "" and "/en": /stats. */
export const statsRoutes = factory.createApp();

statsRoutes.get("/stats", async (c) => {
  const res = await statsPage(c, await statsFor(c));
  res.headers.set("cache-control", BROWSER_CACHE);
  return res;
});
