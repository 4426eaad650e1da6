import { env, exports } from "cloudflare:workers";
import { bodyUpsertSql } from "../../worker/db/body-sql.ts";
import type { OversightBody } from "../../data/schema/oversight-body.ts";
import { describe, expect, it } from "vitest";
import { computeStats, MIN_RATED, UNASSIGNED, type StatsRow } from "../../worker/domain/stats.ts";
import { rateHandling } from "../../worker/services/transition.ts";
import { queryStats } from "../../worker/db/stats.ts";
import { makeBody, makeReport } from "../support/factories.ts";

const row = (o: Partial<StatsRow>): StatsRow => ({
  body_id: "b1",
  area: "431021",
  lead: 1,
  category: "forms",
  month: "2025-09",
  outcome: null,
  first_delivered_on: "2025-09-01",
  acknowledged_on: null,
  ack_due_on: "2025-09-08",
  concluded_on: null,
  reopened: 0,
  rating: null,
  ...o,
});

describe("computeStats()", () => {
  it("computes rates with their denominators and never counts closing or out of scope as resolved", () => {
    const rows = [
      ...Array.from({ length: 4 }, () => row({ acknowledged_on: "2025-09-02", outcome: "substantiated", concluded_on: "2025-09-15" })),
      ...Array.from({ length: 2 }, () => row({ acknowledged_on: "2025-09-10", outcome: "unsubstantiated", concluded_on: "2025-09-30", reopened: 1 })),
      ...Array.from({ length: 2 }, () => row({ acknowledged_on: "2025-09-03", outcome: "out_of_scope", concluded_on: "2025-09-03" })),
      ...Array.from({ length: 2 }, () => row({ outcome: "merged" })),
    ];
    const stats = computeStats(rows, "2025-12-01");
    const b1 = stats.byBody.find((u) => u.key === "b1")!;
    expect(b1.received).toBe(10);
    expect(b1.rates).toMatchObject({
      acknowledgedInTime: { numerator: 6, denominator: 10 },
      substantiated: { numerator: 4, denominator: 6 },
      resolved: { numerator: 6, denominator: 10 },
      reopened: { numerator: 2, denominator: 8 },
    });
    // Working days 2025-09-01 → 09-15 = 10, → 09-30 = 21, → 09-03 = 2; median of [2,2,10,10,10,10,21,21] = 10.
    expect(b1.rates!.medianWorkingDaysToConclusion).toBe(10);
  });

  it(`gives no rates to a body with fewer than ${MIN_RATED} reports`, () => {
    const stats = computeStats([...Array.from({ length: 9 }, () => row({})), ...Array.from({ length: 20 }, () => row({ body_id: "b2" }))], "2025-12-01");
    expect(stats.byBody.find((u) => u.key === "b1")).toMatchObject({ received: 9, rates: null });
    expect(stats.byBody.find((u) => u.key === "b2")!.rates).not.toBeNull();
  });

  it("counts reports no joined body holds in a cell of their own", () => {
    const stats = computeStats([...Array.from({ length: 6 }, () => row({ body_id: null })), ...Array.from({ length: 6 }, () => row({}))], "2025-12-01");
    expect(stats.byBody.map((u) => [u.key, u.received])).toEqual([
      [UNASSIGNED, 6],
      ["b1", 6],
    ]);
  });
});

describe("reporters' ratings", () => {
  it("publishes only the mean and count, and only from 5 ratings on", () => {
    const four = computeStats([...Array.from({ length: 4 }, () => row({ rating: 5 })), ...Array.from({ length: 8 }, () => row({}))], "2025-12-01");
    expect(four.byBody[0]!.rates!.rating).toBeNull();
    const five = computeStats(
      [...Array.from({ length: 4 }, () => row({ rating: 5 })), row({ rating: 2 }), ...Array.from({ length: 7 }, () => row({}))],
      "2025-12-01",
    );
    expect(five.byBody[0]!.rates!.rating).toEqual({ mean: 4.4, count: 5 });
  });

  it("lets the reporter rate only after a conclusion, once per body case (a new rating replaces it)", async () => {
    const bodyId = await makeBody(env.DB);
    const open = await makeReport(env.DB, { bodyId, status: "investigating" });
    await expect(rateHandling(env.DB, open, bodyId, 4, "2025-10-09")).rejects.toMatchObject({ status: 409 });
    const done = await makeReport(env.DB, { bodyId, status: "closed", outcome: "remedied" });
    await expect(rateHandling(env.DB, done, bodyId, 6, "2025-10-09")).rejects.toMatchObject({ status: 422 });
    await rateHandling(env.DB, done, bodyId, 2, "2025-10-09");
    await rateHandling(env.DB, done, undefined, 4, "2025-10-10");
    const { results } = await env.DB.prepare("SELECT body_id, rating, rated_month FROM report_ratings WHERE report_id = ?1").bind(done).all();
    expect(results).toEqual([{ body_id: bodyId, rating: 4, rated_month: "2025-10" }]);
  });

  it("security M4: each body's figures count only the ratings of its own cases; the area counts each case's rating", async () => {
    const a = await makeBody(env.DB);
    const b = await makeBody(env.DB);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await makeReport(env.DB, { bodyId: a, status: "closed", outcome: "remedied", receivedOn: "2019-03-04", townshipCode: "431028100" });
      await env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on, status) VALUES (?1, ?2, 1, '2019-03-04', 'investigating')")
        .bind(id, b)
        .run();
      ids.push(id);
    }
    // B has not concluded: no rating of its case is accepted, and A's ratings never count for B.
    await expect(rateHandling(env.DB, ids[0]!, b, 5, "2019-04-01")).rejects.toMatchObject({ status: 409 });
    for (const id of ids) await rateHandling(env.DB, id, a, 2, "2019-04-01");
    let stats = await queryStats(env.DB, "2019", "2019-05-01");
    expect(stats.byBody.find((u) => u.key === a)!.rates!.rating).toEqual({ mean: 2, count: 10 });
    expect(stats.byBody.find((u) => u.key === b)!.rates!.rating).toBeNull();
    // B concludes and is rated on its own: its figures show its ratings, A's stay as they were.
    await env.DB.prepare(`UPDATE report_assignments SET status = 'closed', outcome = 'substantiated' WHERE body_id = ?1`).bind(b).run();
    for (const id of ids.slice(0, 5)) await rateHandling(env.DB, id, b, 5, "2019-04-02");
    stats = await queryStats(env.DB, "2019", "2019-05-01");
    expect(stats.byBody.find((u) => u.key === a)!.rates!.rating).toEqual({ mean: 2, count: 10 });
    expect(stats.byBody.find((u) => u.key === b)!.rates!.rating).toEqual({ mean: 5, count: 5 });
    // The area counts each report once and each case's rating: (10 × 2 + 5 × 5) / 15.
    const area = stats.byArea.find((u) => u.key === "431028")!;
    expect(area.received).toBe(10);
    expect(area.rates!.rating).toEqual({ mean: 3, count: 15 });
  });
});

describe("/stats and /api/stats", () => {
  it("publishes one-dimensional tables with suppressed small cells and a cache header", async () => {
    const big = await makeBody(env.DB, { name: "大机构" });
    const small = await makeBody(env.DB, { name: "小机构" });
    for (let i = 0; i < 12; i++) await makeReport(env.DB, { bodyId: big, category: "forms", receivedOn: "2024-03-05" });
    for (let i = 0; i < 2; i++) await makeReport(env.DB, { bodyId: small, category: "meetings", receivedOn: "2024-03-05" });
    const res = await exports.default.fetch("https://localhost/api/stats?year=2024");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const json = (await res.json()) as {
      total: number;
      byBody: { key: string; received: number | null }[];
      byCategory: { cells: { key: string; count: number | null }[] };
    };
    expect(json.total).toBe(14);
    expect(json.byBody.find((u) => u.key === small)!.received).toBeNull();
    expect(json.byBody.find((u) => u.key === big)!.received).toBeNull();
    expect(json.byCategory.cells.find((c) => c.key === "meetings")!.count).toBeNull();
    expect(Object.keys(json)).not.toContain("byBodyAndCategory");
    const page = await (await exports.default.fetch("https://localhost/stats?year=2024")).text();
    expect(page).toContain("大机构");
    expect(page).toContain('<caption class="visually-hidden">按类别</caption>');
  });

  it("names a demo body loaded by load:bodies with «演示» after it, once, as the region pages do", async () => {
    const id = `demo-${crypto.randomUUID()}`;
    await env.DB.prepare(
      bodyUpsertSql({
        id,
        name: "演示减负办",
        kind: "burden_reduction_office",
        level: "county",
        area: "431027",
        joined: true,
        demo: true,
        channels: [],
      } as unknown as OversightBody),
    ).run();
    for (let i = 0; i < 6; i++) await makeReport(env.DB, { bodyId: id, receivedOn: "2022-03-05" });
    const page = await (await exports.default.fetch("https://localhost/stats?year=2022")).text();
    expect(page).toContain("演示减负办（演示）");
    expect(page).not.toContain("（演示）（演示）");
    expect(page).not.toContain("演示账号");
    // The English page carries the English marker from the catalogue, not the stored Chinese one.
    const en = await (await exports.default.fetch("https://localhost/en/stats?year=2022")).text();
    expect(en).toContain("演示减负办 (demo)");
    expect(en).not.toContain("（演示）");
  });
});

describe("a period with nothing to show", () => {
  it("says so under each heading instead of drawing an empty table", async () => {
    for (const [path, line] of [
      ["/stats?year=1999", "统计期内没有可公布的数字。"],
      ["/en/stats?year=1999", "No figures to show for the period."],
    ] as const) {
      const page = await (await exports.default.fetch(`https://localhost${path}`)).text();
      // By body, by area, by category, by month.
      expect(page.split(line).length - 1, path).toBe(4);
      for (const id of ["by-body", "by-area", "by-category", "by-month"]) expect(page).not.toContain(`id="${id}"`);
    }
  });

  it("keeps a space before the link to all figures on an English area page", async () => {
    const page = await (await exports.default.fetch("https://localhost/en/stats?area=431027")).text();
    expect(page).toMatch(/for everything see <a href="\/en\/stats">/);
  });
});

describe("reports that reached no body (issue 10 item 5)", () => {
  /** A report no joined body holds: its only assignment made inactive (it reached no body). */
  async function unreached(townshipCode: string) {
    const bodyId = await makeBody(env.DB, { joined: false });
    const id = await makeReport(env.DB, { bodyId, townshipCode, receivedOn: "2023-04-02" });
    await env.DB.prepare("DELETE FROM report_assignments WHERE report_id = ?1").bind(id).run();
  }

  it("counts them per county with the same suppression, narrows to an area, and never per township", async () => {
    const body = await makeBody(env.DB, { name: "县减负办" });
    for (let i = 0; i < 12; i++) await makeReport(env.DB, { bodyId: body, townshipCode: "431021100", receivedOn: "2023-04-02" });
    for (let i = 0; i < 7; i++) await unreached("431021100");
    for (let i = 0; i < 2; i++) await unreached("431022100");
    for (let i = 0; i < 6; i++) await unreached("431023100");
    type Json = { unreachedByArea: { total: number | null; cells: { key: string; count: number | null; suppressed: string | null }[] } };
    const json = (await (await exports.default.fetch("https://localhost/api/stats?year=2023")).json()) as Json;
    // 2 is under the threshold (primary); the smallest other cell goes too, so 15 − 7 reveals nothing.
    expect(json.unreachedByArea).toEqual({
      total: 15,
      cells: [
        { key: "431021", count: 7, suppressed: null },
        { key: "431022", count: null, suppressed: "primary" },
        { key: "431023", count: null, suppressed: "secondary" },
      ],
    });
    const national = await (await exports.default.fetch("https://localhost/stats?year=2023")).text();
    expect(national).toContain("全国共有 15 件反映没有送达任何机构。");
    expect(national).toContain('href="/join"');

    const county = await (await exports.default.fetch("https://localhost/stats?year=2023&area=431021")).text();
    expect(county).toContain("共有 7 件反映没有送达任何机构。");
    const en = await (await exports.default.fetch("https://localhost/en/stats?year=2023&area=431021")).text();
    expect(en).toContain("7 reports reached no body.");
    expect(en).toContain('href="/en/join"');
    // The JSON link of the English page goes to the one API: /en/api/… is not a route.
    expect(en).toContain('href="/api/stats?year=2023&amp;area=431021"');

    // A prefecture with a hidden county: no sum (it would give the hidden cells away), the rows only.
    const prefecture = await (await exports.default.fetch("https://localhost/stats?year=2023&area=4310")).text();
    expect(prefecture).toContain("合计不公布");
    expect(prefecture).toMatch(/id="unreached-431021"[^]*?>7<\/td>/);
    expect(prefecture).not.toMatch(/共有 \d+ 件反映没有送达/);

    const township = await exports.default.fetch("https://localhost/api/stats?year=2023&area=431021100");
    expect(((await township.json()) as Json).unreachedByArea).toEqual({ total: null, cells: [] });
    const townshipPage = await (await exports.default.fetch("https://localhost/stats?year=2023&area=431021100")).text();
    expect(townshipPage).not.toContain('id="unreached"');
    expect(townshipPage).not.toContain("没有送达任何机构");
  });

  it("suppresses the whole table below the threshold", () => {
    const stats = computeStats([...Array.from({ length: 4 }, () => row({ body_id: null })), ...Array.from({ length: 20 }, () => row({}))], "2025-12-01");
    expect(stats.unreachedByArea).toEqual({ total: null, cells: [{ key: "431021", count: null, suppressed: "primary" }] });
  });

  it("withholds the total when the body table hid the reports no body holds (secondary suppression there)", () => {
    // b2 (3) is hidden, so the smallest other body cell, the 6 no body holds, is hidden too.
    const stats = computeStats(
      [
        ...Array.from({ length: 20 }, () => row({})),
        ...Array.from({ length: 3 }, () => row({ body_id: "b2" })),
        ...Array.from({ length: 6 }, () => row({ body_id: null })),
      ],
      "2025-12-01",
    );
    expect(stats.byBody.find((u) => u.key === UNASSIGNED)).toMatchObject({ received: null, suppressed: "secondary" });
    expect(stats.unreachedByArea.total).toBeNull();
    expect(stats.unreachedByArea.cells.every((c) => c.count === null)).toBe(true);
  });
});
