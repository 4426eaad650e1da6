/**
 * Intake's round trips to D1 (issue 16 item 3): every read of a submit (replay, divisions,
 * evidence tokens, duplicate candidates, the delivery plan's bodies and channels) in one batch,
 * every write in one more; and `readTogether`, which runs reads owned by different modules together.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OversightBody } from "../../data/schema/oversight-body.ts";
import { bodyUpsertSql } from "../../worker/db/body-sql.ts";
import { readTogether } from "../../worker/db/batch-read.ts";
import type { Bindings } from "../../worker/env.ts";
import { parseReport } from "../../worker/routes/report/shared.ts";
import { submitReport } from "../../worker/services/intake.ts";
import { count, makeArea, validReport, type Area } from "./report-fixtures.ts";
import { watchD1 } from "./d1-calls.ts";

/** The prefecture's discipline commission, joined: a county imposer's report goes there (rule `one-level-above`). */
const commission = (area: Area): OversightBody => ({
  id: `rt-${area.county.slice(0, 4)}-discipline`,
  name: `测试${area.county.slice(0, 4)}市纪委监委`,
  kind: "discipline_commission",
  level: "prefecture",
  area: area.county.slice(0, 4),
  joined: true,
  demo: false,
  channels: [{ type: "inbox" }],
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("submitReport", () => {
  it("reads in one round trip and writes in one, with a village, an idempotency key and a joined body", async () => {
    const area = await makeArea();
    await env.DB.prepare(bodyUpsertSql(commission(area))).run();
    const parsed = parseReport(validReport(area, { villageCode: area.village, idempotencyKey: crypto.randomUUID().replaceAll("-", "") }));
    if (!parsed.ok) throw new Error("fixture report invalid");

    const d1 = watchD1();
    const result = await submitReport(env as unknown as Bindings, parsed.input);

    expect(d1.singles()).toBe(0);
    const routed = result.decisions.filter((d) => d.status === "routed");
    expect(routed.map((d) => d.bodyId)).toEqual([commission(area).id]);
    // Reads: replay, divisions, candidates, bodies, channels. Writes: report, event, signature,
    // one row per decision, and for the joined body its assignment and inbox job.
    expect(d1.batches()).toEqual([5, 3 + result.decisions.length + 2]);
    expect(await count("SELECT count(*) AS n FROM delivery_jobs WHERE report_id = ?1", result.reportId)).toBe(1);
  });

  it("asks nothing about a replay or evidence when the submit has neither", async () => {
    const area = await makeArea();
    const parsed = parseReport(validReport(area));
    if (!parsed.ok) throw new Error("fixture report invalid");

    const d1 = watchD1();
    const result = await submitReport(env as unknown as Bindings, parsed.input);

    // Reads: divisions, candidates, bodies, channels. Writes: report, event, signature and the decisions (no body joined).
    expect(result.decisions.every((d) => d.status !== "routed")).toBe(true);
    expect(d1.batches()).toEqual([4, 3 + result.decisions.length]);
    expect(d1.singles()).toBe(0);
  });
});

describe("readTogether", () => {
  it("runs the reads that have a statement in one batch and gives every read its value by name", async () => {
    const d1 = watchD1();
    const values = await readTogether(env.DB, {
      one: { statement: env.DB.prepare("SELECT 1 AS n"), read: (r) => (r!.results[0] as { n: number }).n },
      none: { statement: null, read: (r) => (r === null ? "not asked" : "asked") },
      two: { statement: env.DB.prepare("SELECT 2 AS n"), read: (r) => (r!.results[0] as { n: number }).n },
    });
    expect(values).toEqual({ one: 1, none: "not asked", two: 2 });
    expect(d1.batches()).toEqual([2]);
  });

  it("makes no round trip when no read has a statement", async () => {
    const d1 = watchD1();
    expect(await readTogether(env.DB, { none: { statement: null, read: () => 0 } })).toEqual({ none: 0 });
    expect(d1.batches()).toEqual([]);
  });
});
