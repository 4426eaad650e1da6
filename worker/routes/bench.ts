/**
 * Benchmark-only routes. `POST /api/bench/insert`: the bare baseline of `npm run bench:intake`
 * (Hono and one D1 insert). `POST /api/bench/inbox`: `npm run bench:triage` times the inbox
 * queries here, inside the worker next to local D1, where production runs them (the platform
 * proxy adds a loopback round trip per query). `POST /api/bench/search`: `npm run bench:search`
 * runs the place search for its sampled names (and the item search for its item sample) here and times it. All exist only while the local-only
 * INTAKE_UNPROTECTED switch is on (production refuses it: worker/domain/abuse.ts); else 404.
 */
import { factory } from "../env.ts";
import { AppError } from "../lib/errors.ts";
import { time } from "../lib/timing.ts";
import { protectionDisabled } from "../domain/abuse.ts";
import { beijingToday } from "../domain/working-days.ts";
import { searchBody } from "../db/inbox-search.ts";
import { inboxQuery, type InboxFilters } from "../db/inbox.ts";
import { searchPlaces } from "../db/places.ts";
import { searchContent } from "../db/content.ts";
import { placeKey, textKey } from "../../data/schema/division.ts";
import { bareInsertStatement, builtStatement, formerPrefixStatement, roundTripStatement } from "../db/bench.ts";

export const benchRoutes = factory.createApp();

benchRoutes.use("/api/bench/*", async (c, next) => {
  if (!protectionDisabled(c.env)) throw new AppError("not_found");
  await next();
});

benchRoutes.post("/api/bench/insert", async (c) => {
  const body = (await c.req.json()) as { townshipCode: string; title: string; description: string };
  const id = crypto.randomUUID();
  await bareInsertStatement(c.env.DB, id, beijingToday(), body).run();
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
    const stmt = builtStatement(c.env.DB, inboxQuery(b.bodyId, filters, b.today, b.soon));
    results.push({ name, ...(await time(() => stmt.all(), b.runs)) });
  }
  results.push({ name: "search", ...(await time(() => searchBody(c.env.DB, b.bodyId, b.search), b.runs)) });
  results.push({ name: "round trip", ...(await time(() => roundTripStatement(c.env.DB).all(), b.runs)) });
  return c.json({ results });
});

/** Each query once, in order: its first page (codes) and total; then the timings over all of them. */
benchRoutes.post("/api/bench/search", async (c) => {
  const { queries, items = [] } = (await c.req.json()) as { queries: string[]; items?: string[] };
  const found: { total: number; codes: string[] }[] = [];
  const samples: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const r = await searchPlaces(c.env.DB, placeKey(q), { offset: 0, limit: 20 });
    samples.push(performance.now() - t0);
    found.push({ total: r.total, codes: r.results.map((x) => x.code) });
  }
  let i = 0;
  const former = await time(() => formerPrefixStatement(c.env.DB, "village", queries[i++ % queries.length]!).all(), queries.length);
  const roundTrip = await time(() => roundTripStatement(c.env.DB).all(), queries.length);
  // The list item and measure search (the section «清单事项和减负措施»), each query once.
  const itemSamples: number[] = [];
  const itemsFound: number[] = [];
  for (const q of items) {
    const t0 = performance.now();
    itemsFound.push((await searchContent(c.env.DB, textKey(q), { offset: 0, limit: 20 })).total);
    itemSamples.push(performance.now() - t0);
  }
  return c.json({ found, samples, former, roundTrip, itemSamples, itemsFound });
});
