import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { planDelivery } from "../../worker/delivery/plan.ts";
import { enqueueJobs } from "../../worker/delivery/jobs.ts";
import { insertReport, loadBodies, reportFor } from "./delivery-fixtures.ts";

const TODAY = "2025-10-09";
/** The report's delivery batch: 2025-10-10 09:00 Beijing. */
const BATCH = Date.parse("2025-10-10T01:00:00Z");

describe("planDelivery", () => {
  beforeEach(() => loadBodies());

  it("writes routing decisions, assignments and one pending job per channel in the intake batch", async () => {
    const report = reportFor({ imposerLevel: "county", imposerName: "桂东县农业农村局", category: "forms" });
    const plan = await planDelivery(env, report, TODAY, BATCH);
    await env.DB.batch([insertReport(report, TODAY), ...plan.statements]);

    const decisions = await env.DB.prepare("SELECT seq, body_id, rule_id, joined FROM routing_decisions WHERE report_id = ?1 ORDER BY seq")
      .bind(report.id)
      .all();
    expect(decisions.results).toEqual([
      { seq: 1, body_id: "chenzhou-burden-office", rule_id: "one-level-above", joined: 1 },
      { seq: 2, body_id: "chenzhou-discipline", rule_id: "one-level-above", joined: 1 },
    ]);
    const assignments = await env.DB.prepare("SELECT body_id, active, assigned_on, delivered_on FROM report_assignments WHERE report_id = ?1 ORDER BY body_id")
      .bind(report.id)
      .all();
    expect(assignments.results).toEqual([
      { body_id: "chenzhou-burden-office", active: 1, assigned_on: TODAY, delivered_on: null },
      { body_id: "chenzhou-discipline", active: 1, assigned_on: TODAY, delivered_on: null },
    ]);
    const jobs = await env.DB.prepare(
      "SELECT id, body_id, channel, channel_index, state, attempts, webhook_id, next_attempt_at FROM delivery_jobs WHERE report_id = ?1 ORDER BY body_id, channel, channel_index",
    )
      .bind(report.id)
      .all<{
        id: string;
        body_id: string;
        channel: string;
        channel_index: number;
        state: string;
        attempts: number;
        webhook_id: string;
        next_attempt_at: number;
      }>();
    // Every job waits for the report's delivery batch (security M1).
    expect(new Set(jobs.results.map((j) => j.next_attempt_at))).toEqual(new Set([BATCH]));
    expect(jobs.results.map((j) => [j.body_id, j.channel, j.channel_index, j.state, j.attempts])).toEqual([
      ["chenzhou-burden-office", "email", 2, "pending", 0],
      ["chenzhou-burden-office", "inbox", 0, "pending", 0],
      ["chenzhou-burden-office", "webhook", 1, "pending", 0],
      ["chenzhou-discipline", "email", 2, "pending", 0],
      ["chenzhou-discipline", "inbox", 0, "pending", 0],
      ["chenzhou-discipline", "webhook", 1, "pending", 0],
    ]);
    expect(new Set(jobs.results.map((j) => j.webhook_id)).size).toBe(6);
    expect(jobs.results.map((j) => j.id).sort()).toEqual([...plan.jobIds].sort());
  });

  it("keeps a not-joined decision with the official channel and creates no job for it", async () => {
    const report = reportFor({ imposerLevel: "county", imposerName: "桂东县人社局", category: "secondment" });
    const plan = await planDelivery(env, report, TODAY, BATCH);
    await env.DB.batch([insertReport(report, TODAY), ...plan.statements]);

    const notJoined = plan.decisions.find((d) => d.bodyId === "chenzhou-organisation");
    expect(notJoined).toMatchObject({ joined: false, status: "not_joined", ruleId: "personnel-burdens", channelId: "test-internet-plus" });
    const row = await env.DB.prepare("SELECT joined, channel_id FROM routing_decisions WHERE report_id = ?1 AND body_id = 'chenzhou-organisation'")
      .bind(report.id)
      .first();
    expect(row).toEqual({ joined: 0, channel_id: "test-internet-plus" });
    const jobs = await env.DB.prepare("SELECT COUNT(*) AS n FROM delivery_jobs WHERE report_id = ?1 AND body_id = 'chenzhou-organisation'")
      .bind(report.id)
      .first<{ n: number }>();
    expect(jobs?.n).toBe(0);
  });

  it("writes nothing when the batch fails, so no job exists without its report", async () => {
    const report = reportFor();
    const plan = await planDelivery(env, report, TODAY, BATCH);
    const broken = env.DB.prepare("INSERT INTO reports (id) VALUES (NULL)");
    await expect(env.DB.batch([insertReport(report, TODAY), ...plan.statements, broken])).rejects.toThrow();
    const jobs = await env.DB.prepare("SELECT COUNT(*) AS n FROM delivery_jobs WHERE report_id = ?1").bind(report.id).first<{ n: number }>();
    expect(jobs?.n).toBe(0);
  });
});

describe("enqueueJobs", () => {
  it("sends one message per job carrying only the job id", async () => {
    const sent: unknown[] = [];
    const spy = vi.spyOn(env.DELIVERY_QUEUE, "sendBatch").mockImplementation(async (messages) => {
      sent.push(...messages);
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as unknown as QueueSendBatchResponse;
    });
    await enqueueJobs(env, ["a", "b"]);
    spy.mockRestore();
    expect(sent).toEqual([
      { body: { jobId: "a" }, contentType: "json" },
      { body: { jobId: "b" }, contentType: "json" },
    ]);
  });

  it("swallows a queue failure: the jobs stay pending for the cron", async () => {
    const spy = vi.spyOn(env.DELIVERY_QUEUE, "sendBatch").mockRejectedValue(new Error("queue down"));
    await expect(enqueueJobs(env, ["a"])).resolves.toBeUndefined();
    spy.mockRestore();
  });
});
