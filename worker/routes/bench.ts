/**
 * Benchmark-only routes. `POST /api/bench/insert`: the bare baseline of `npm run bench:intake`
 * (Hono and one D1 insert). `POST /api/bench/inbox`: `npm run bench:triage` times the inbox
 * queries here, inside the worker next to local D1, where production runs them (the platform
 * proxy adds a loopback round trip per query). Both exist only while the local-only
 * INTAKE_UNPROTECTED switch is on (production refuses it: worker/domain/abuse.ts); else 404.
 */
import { factory } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { time } from "../lib/timing.ts";
import { protectionDisabled } from "../domain/abuse.ts";
import { beijingToday } from "../domain/working-days.ts";
import { searchBody } from "../domain/search.ts";
import { inboxQuery, type InboxFilters } from "../db/inbox.ts";

export const benchRoutes = factory.createApp();

benchRoutes.use("/api/bench/*", async (c, next) => {
  if (!protectionDisabled(c.env)) throw new AppError(404, "not_found", "not_found");
  await next();
});

benchRoutes.post("/api/bench/insert", async (c) => {
  const body = (await c.req.json()) as { townshipCode: string; title: string; description: string };
  const id = crypto.randomUUID();
  await c.env.DB.prepare(
    `INSERT INTO reports (id, receipt_hash, received_on, township_code, imposer_name, imposer_level, category, title, description)
     VALUES (?1, ?2, ?3, ?4, '县农业农村局', 'county', 'forms', ?5, ?6)`,
  )
    .bind(id, `bench:${id}`, beijingToday(), body.townshipCode, body.title, body.description)
    .run();
  return c.json({ ok: true }, 201);
});

interface InboxBench {
  bodyId: string;
  cases: [string, InboxFilters][];
  search: string;
  runs: number;
  today: string;
  soon: string;
}

benchRoutes.post("/api/bench/inbox", async (c) => {
  const b = (await c.req.json()) as InboxBench;
  const results = [];
  for (const [name, filters] of b.cases) {
    const { sql, params } = inboxQuery(b.bodyId, filters, b.today, b.soon);
    const stmt = c.env.DB.prepare(sql).bind(...params);
    results.push({ name, ...(await time(() => stmt.all(), b.runs)) });
  }
  results.push({ name: "search", ...(await time(() => searchBody(c.env.DB, b.bodyId, b.search), b.runs)) });
  results.push({ name: "round trip", ...(await time(() => c.env.DB.prepare("SELECT 1").all(), b.runs)) });
  return c.json({ results });
});
