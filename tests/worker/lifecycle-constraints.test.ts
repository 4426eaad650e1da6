import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DELIVERY_CHANNEL_TYPES, DELIVERY_STATES, REPORT_OUTCOMES, REPORT_STATUSES } from "../../worker/domain/report-status.ts";
import {
  CASE_ORDER,
  CONCLUDED,
  DEADLINE_BEARING,
  FINDING_OUTCOMES,
  PUBLISHABLE_OUTCOMES,
  sqlList,
  UNACKNOWLEDGED,
  UNCONCLUDED,
} from "../../worker/domain/lifecycle.ts";

/**
 * The migrations' CHECK constraints and the lifecycle's tuples are one list written twice: this
 * reads the applied schema (sqlite_schema, after every migration) and fails when they differ.
 */
async function checkedValues(table: string, column: string): Promise<string[]> {
  const row = await env.DB.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1").bind(table).first<{ sql: string }>();
  const match = row!.sql.match(new RegExp(`\\b${column}\\b[^,]*?CHECK \\((?:${column} IS NULL OR )?${column} IN \\(([^)]*)\\)\\)`));
  expect(match, `${table}.${column} has a CHECK (… IN (…))`).not.toBeNull();
  return [...match![1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe("CHECK constraints equal the lifecycle tuples", () => {
  it.each([
    ["reports", "status", REPORT_STATUSES],
    ["reports", "outcome", REPORT_OUTCOMES],
    // Each body's case (migration 0042); reports.status is the least advanced of them.
    ["report_assignments", "status", REPORT_STATUSES],
    ["report_assignments", "outcome", REPORT_OUTCOMES],
    ["delivery_jobs", "state", DELIVERY_STATES],
    ["delivery_jobs", "channel", DELIVERY_CHANNEL_TYPES],
  ] as const)("%s.%s", async (table, column, tuple) => {
    expect(new Set(await checkedValues(table, column))).toEqual(new Set(tuple));
  });
});

describe("status sets", () => {
  it("are subsets of the tuples, so a set can name no status the database refuses", () => {
    for (const set of [UNACKNOWLEDGED, UNCONCLUDED, DEADLINE_BEARING, CONCLUDED]) for (const s of set) expect(REPORT_STATUSES).toContain(s);
    for (const set of [FINDING_OUTCOMES, PUBLISHABLE_OUTCOMES]) for (const o of set) expect(REPORT_OUTCOMES).toContain(o);
  });

  it("split every status into concluded or not; a concluded one bears a deadline only while a remedy is pending", () => {
    expect(new Set([...UNCONCLUDED, ...CONCLUDED])).toEqual(new Set(REPORT_STATUSES));
    expect(UNCONCLUDED.filter((s) => CONCLUDED.includes(s))).toEqual([]);
    expect(DEADLINE_BEARING.filter((s) => CONCLUDED.includes(s))).toEqual(["substantiated", "partly_substantiated", "remedy_pending"]);
  });

  it("order every status once, for the least advanced case", () => {
    expect(new Set(CASE_ORDER)).toEqual(new Set(REPORT_STATUSES));
    expect(CASE_ORDER.length).toBe(REPORT_STATUSES.length);
  });

  it("render for SQL and refuse anything but codes", () => {
    expect(sqlList(["routed", "transferred"])).toBe("('routed', 'transferred')");
    expect(() => sqlList(["x'); DROP TABLE reports; --"])).toThrow();
    expect(() => sqlList([])).toThrow();
  });
});
