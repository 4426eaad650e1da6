import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { queryStats, statsPeriod, STATS_COUNTS_SQL, STATS_DURATIONS_SQL, STATS_UNITS_SQL } from "../../worker/db/stats.ts";
import { computeStats, STATS_SQL, type StatsRow } from "../../worker/domain/stats.ts";
import { makeBody, makeReport } from "../support/factories.ts";
import { seededRandom as rng } from "../../scripts/lib/seeded-random.ts";

const day = (base: string, offset: number) => new Date(Date.parse(`${base}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = "2025-10-01";

const STATUSES = [
  ["routed", null],
  ["investigating", null],
  ["substantiated", "substantiated"],
  ["partly_substantiated", "partly_substantiated"],
  ["unsubstantiated", "unsubstantiated"],
  ["remedied", "remedied"],
  ["closed", "out_of_scope"],
  ["closed", "remedied"],
] as const;

/** Reports of every kind the figures distinguish: bodies big and small, two areas, two years, acknowledged late or not at all, concluded, reopened, rated, merged, held by no body. */
async function seedVariedReports(): Promise<void> {
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const bodies = [
    await makeBody(env.DB, { name: "甲机构" }),
    await makeBody(env.DB, { name: "乙机构" }),
    await makeBody(env.DB, { name: "丙机构" }),
    await makeBody(env.DB, { name: "丁机构" }),
  ];
  for (let i = 0; i < 140; i++) {
    const bodyId = i % 10 === 9 ? bodies[2]! : pick(bodies.slice(0, 2));
    const received = day(i % 4 === 0 ? "2024-06-01" : "2025-01-02", Math.floor(rand() * 200));
    const [status, outcome] = pick(STATUSES);
    const id = await makeReport(env.DB, {
      bodyId,
      status,
      outcome,
      receivedOn: received,
      deliveredOn: rand() < 0.1 ? received : day(received, 1),
      townshipCode: rand() < 0.3 ? "430102100" : "431021100",
      category: pick(["forms", "meetings", "ledgers"] as const),
      ackDueOn: day(received, 7),
    });
    const ack = rand();
    const concluded = outcome ? day(received, 3 + Math.floor(rand() * 50)) : null;
    await env.DB.prepare(
      "UPDATE reports SET acknowledged_on = ?2, concluded_on = ?3, first_delivered_on = CASE WHEN ?4 THEN NULL ELSE first_delivered_on END WHERE id = ?1",
    )
      .bind(id, ack < 0.2 ? null : day(received, ack < 0.6 ? 2 : 12), concluded, rand() < 0.05 ? 1 : 0)
      .run();
    if (rand() < 0.15)
      await env.DB.prepare("INSERT INTO report_events (report_id, seq, on_day, kind, actor) VALUES (?1, 1, ?2, 'reopen', 'reporter')")
        .bind(id, day(received, 60))
        .run();
    const rate = (body: string) =>
      env.DB.prepare("INSERT INTO report_ratings (report_id, body_id, rating, rated_month) VALUES (?1, ?2, ?3, ?4)")
        .bind(id, body, 1 + Math.floor(rand() * 5), concluded!.slice(0, 7))
        .run();
    if (concluded && rand() < 0.5) await rate(bodyId);
    // Held by a second body too (the default routing sends a report to two bodies), with its own rating (one per body case).
    if (rand() < 0.3) {
      await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on, ack_due_on) VALUES (?1, ?2, 1, ?3, ?4)")
        .bind(id, bodies[3]!, received, day(received, 9))
        .run();
      if (concluded && rand() < 0.5) await rate(bodies[3]!);
    }
    if (rand() < 0.1) await env.DB.prepare("UPDATE report_assignments SET active = 0 WHERE report_id = ?1").bind(id).run();
    if (i > 0 && rand() < 0.05)
      await env.DB.prepare("UPDATE reports SET merged_into = (SELECT id FROM reports WHERE id <> ?1 LIMIT 1) WHERE id = ?1").bind(id).run();
  }
}

describe("public figures aggregated in SQL", () => {
  beforeAll(async () => {
    await seedVariedReports();
  });

  it.each([null, "2025", "2024", "2019"])("equal the figures computed from every report row (year %s)", async (year) => {
    const rows = (await env.DB.prepare(STATS_SQL).bind(year).all<StatsRow>()).results;
    expect(rows.length).toBeGreaterThan(year === "2019" ? -1 : 20);
    const expected = computeStats(rows, TODAY);
    expect(await queryStats(env.DB, year, TODAY)).toEqual(expected);
  });

  it("publish rates, medians and ratings for the big bodies of the seeded data", async () => {
    const stats = await queryStats(env.DB, null, TODAY);
    const rated = stats.byBody.filter((u) => u.rates);
    expect(rated.length).toBeGreaterThan(0);
    expect(rated.some((u) => u.rates!.medianWorkingDaysToConclusion !== null && u.rates!.reopened.numerator > 0)).toBe(true);
  });
});

describe("security L5: public figures count a report once, and each body its own", () => {
  it("counts a report two bodies hold once in the total, areas, categories and months, and once for each body", async () => {
    const office = await makeBody(env.DB);
    const commission = await makeBody(env.DB, { kind: "discipline_commission" });
    for (let i = 0; i < 6; i++) {
      const id = await makeReport(env.DB, { bodyId: office, receivedOn: "2019-03-04", townshipCode: "431021100", category: "visits" });
      await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on) VALUES (?1, ?2, 1, '2019-03-04')")
        .bind(id, commission)
        .run();
    }
    const figures = await queryStats(env.DB, "2019", TODAY);
    expect(figures.total).toBe(6);
    expect(figures.byArea.find((u) => u.key === "431021")?.received).toBe(6);
    expect(figures.byCategory.cells.find((c) => c.key === "visits")?.count).toBe(6);
    expect(figures.byMonth.cells.find((c) => c.key === "2019-03")?.count).toBe(6);
    expect(figures.byBody.find((u) => u.key === office)?.received).toBe(6);
    expect(figures.byBody.find((u) => u.key === commission)?.received).toBe(6);
  });

  it("counts each body's own handling: one body's finding is not the other's (security M4)", async () => {
    const office = await makeBody(env.DB);
    const commission = await makeBody(env.DB, { kind: "discipline_commission" });
    const id = await makeReport(env.DB, { bodyId: office, receivedOn: "2018-03-04", status: "unsubstantiated", outcome: "unsubstantiated" });
    await env.DB.batch([
      env.DB.prepare("UPDATE report_assignments SET concluded_on = '2018-04-01', acknowledged_on = '2018-03-05' WHERE report_id = ?1").bind(id),
      env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on, status) VALUES (?1, ?2, 1, '2018-03-04', 'investigating')").bind(
        id,
        commission,
      ),
    ]);
    // The published figures suppress so small a count; the per-body tallies behind them show it.
    const { results } = await env.DB.prepare(STATS_UNITS_SQL)
      .bind(...statsPeriod("2018"), TODAY)
      .all<{ body: string; lead: number; withFinding: number; concluded: number; received: number }>();
    const of = (body: string) => results.find((u) => u.body === body)!;
    expect(of(office)).toMatchObject({ received: 1, withFinding: 1, concluded: 1 });
    // sum() over no finding is NULL in SQL (the worker reads it as 0).
    expect(of(commission)).toMatchObject({ received: 1, concluded: 0 });
    expect(of(commission).withFinding ?? 0).toBe(0);
    expect(results.filter((u) => u.lead).length).toBe(1);
  });
});

describe("query plans of the public figures", () => {
  const [from, to] = statsPeriod("2025");
  it.each([
    ["per body × area", STATS_UNITS_SQL, [from, to, TODAY]],
    ["per category × month", STATS_COUNTS_SQL, [from, to]],
    ["conclusion day pairs", STATS_DURATIONS_SQL, [from, to]],
  ] as const)("never scans the reports table or a joined table (%s)", async (_name, sql, params) => {
    const bodyId = await makeBody(env.DB);
    for (let i = 0; i < 5; i++) await makeReport(env.DB, { bodyId });
    await env.DB.exec("ANALYZE");
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail);
    expect(plan.some((d) => /^SCAN (r|reports)\b/.test(d))).toBe(false);
    expect(plan.some((d) => /^SCAN (a|g|e)\b/.test(d))).toBe(false);
    expect(plan.join("\n")).toMatch(/SEARCH r USING COVERING INDEX reports_stats \(merged_into=\? AND received_on>\? AND received_on<\?\)/);
  });

  it("finds reopen events by kind and report, not by reading each report's history", async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${STATS_UNITS_SQL}`)
      .bind(...statsPeriod(null), TODAY)
      .all<{ detail: string }>();
    expect(results.map((r) => r.detail).join("\n")).toMatch(/SEARCH e USING COVERING INDEX report_events_kind \(kind=\? AND report_id=\?\)/);
  });
});
