/**
 * Delivery batches (issue 15 item 2): a body learns of a new report only in its delivery batch,
 * and nothing stored or published gives the filing time away (security M1, M2, M3).
 */
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parseReport } from "../../worker/routes/report/shared.ts";
import { digestCounts } from "../../worker/db/digest.ts";
import { listInbox } from "../../worker/db/inbox.ts";
import { searchBody } from "../../worker/db/inbox-search.ts";
import type { DeliveryDeps } from "../../worker/delivery/deliver.ts";
import { handleQueue } from "../../worker/delivery/queue.ts";
import { batchLabel, batchSchedule, ceilHour, isBatchTime, nextBatch } from "../../worker/domain/delivery-batch.ts";
import { loadStats } from "../../worker/routes/stats/data.ts";
import { submitReport } from "../../worker/services/intake.ts";
import { applyDueReopens } from "../../worker/services/transition.ts";
import { insertMessage, insertReopenRequest } from "../../worker/db/track.ts";
import { reportDetails } from "../../worker/db/oversight.ts";
import type { Bindings } from "../../worker/env.ts";
import { redeliverDueJobs } from "../../worker/scheduled.ts";
import { makeBody, makeReport } from "../support/factories.ts";
import { ctx, fakeBatch, jobsOf, loadBodies, type SentMail } from "./delivery-fixtures.ts";

const HOUR = 3_600_000;
/** Tuesday 2025-11-18, 10:01 Beijing: filed after that day's 09:00 batch. */
const FILED = Date.parse("2025-11-18T10:01:00+08:00");
/** Its batch: the next working day, 09:00 Beijing. */
const BATCH = Date.parse("2025-11-19T09:00:00+08:00");
const DEFAULT = batchSchedule({});
const BODY = "chenzhou-discipline";

function world(now: number) {
  const received: { headers: Headers; body: string }[] = [];
  const mails: SentMail[] = [];
  const deps: DeliveryDeps = {
    fetch: async (_input, init) => {
      received.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status: 204 });
    },
    sendMail: async (from, to, raw) => void mails.push({ from, to, raw }),
    now: () => now,
  };
  return { deps, received, mails };
}

/** The ids the queue was given while `run` ran (the spy stands in for Queues). */
async function enqueuedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const ids: string[] = [];
  const spy = vi.spyOn(env.DELIVERY_QUEUE, "sendBatch").mockImplementation(async (messages) => {
    for (const m of messages) ids.push((m.body as { jobId: string }).jobId);
    return {} as unknown as QueueSendBatchResponse;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return ids;
}

async function file(now: number, title = "每月重复填报种植面积表") {
  const parsed = parseReport({
    townshipCode: "431027100",
    imposerName: "桂东县农业农村局",
    imposerLevel: "county",
    category: "forms",
    title,
    description: `同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天。编号${now}`,
  });
  if (!parsed.ok) throw new Error("fixture report invalid");
  return submitReport(env as unknown as Bindings, parsed.input, [], { now });
}

beforeEach(async () => {
  await loadBodies();
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ('431027', '桂东县', 'county', NULL, 'county')"),
    env.DB.prepare("INSERT OR IGNORE INTO divisions (code, name, level, parent_code, type) VALUES ('431027100', '沤江镇', 'township', '431027', 'town')"),
  ]);
});

describe("the delivery batch schedule", () => {
  it("takes a report to the first batch hour of a working day at least the minimum delay after filing", () => {
    expect(nextBatch(FILED, DEFAULT)).toBe(BATCH);
    // 07:30 is less than 2 hours before 09:00: the next day's batch.
    expect(nextBatch(Date.parse("2025-11-18T07:30:00+08:00"), DEFAULT)).toBe(BATCH);
    expect(nextBatch(Date.parse("2025-11-18T06:59:00+08:00"), DEFAULT)).toBe(Date.parse("2025-11-18T09:00:00+08:00"));
    // Friday afternoon: Monday. National Day (2025-10-01 to 10-08): the 9th.
    expect(nextBatch(Date.parse("2025-11-21T15:00:00+08:00"), DEFAULT)).toBe(Date.parse("2025-11-24T09:00:00+08:00"));
    expect(nextBatch(Date.parse("2025-09-30T10:00:00+08:00"), DEFAULT)).toBe(Date.parse("2025-10-09T09:00:00+08:00"));
    const twice = batchSchedule({ DELIVERY_BATCH_HOURS: "15, 9", DELIVERY_MIN_DELAY_MIN: "60" });
    expect(twice).toEqual({ hours: [9, 15], minDelayMin: 60 });
    expect(nextBatch(FILED, twice)).toBe(Date.parse("2025-11-18T15:00:00+08:00"));
    expect(batchLabel(BATCH)).toBe("2025-11-19 09:00");
    expect(isBatchTime(BATCH, DEFAULT)).toBe(true);
    expect(isBatchTime(BATCH + HOUR, DEFAULT)).toBe(false);
  });
});

describe("security M1: a report filed at 10:01 is absent from inbox, webhook and digest until its batch", () => {
  it("sends nothing at filing, shows nothing to the body, and delivers everything in the batch", async () => {
    let result: Awaited<ReturnType<typeof file>> | undefined;
    const atFiling = await enqueuedDuring(async () => void (result = await file(FILED, "村里要求每天拍照留痕")));
    const reportId = result!.reportId;
    expect(atFiling).toEqual([]);
    expect(result!.batchAt).toBe(BATCH);

    const day = "2025-11-18";
    const visible = async (today: string) => ({
      inbox: (await listInbox(env.DB, BODY, {}, today, "2030-01-01")).map((r) => r.id).includes(reportId),
      search: (await searchBody(env.DB, BODY, "拍照留痕")).includes(reportId),
      digest: (await digestCounts(env.DB, today, "2030-01-01")).find((c) => c.body_id === BODY)?.open ?? 0,
    });
    expect(await visible(day)).toEqual({ inbox: false, search: false, digest: 0 });

    // Every hourly run before the batch leaves the jobs alone.
    for (let t = ceilHour(FILED); t < BATCH; t += HOUR) expect(await enqueuedDuring(() => redeliverDueJobs(env, t))).toEqual([]);

    const inBatch = await enqueuedDuring(() => redeliverDueJobs(env, BATCH));
    const jobs = await jobsOf(reportId);
    expect(inBatch.sort()).toEqual(jobs.map((j) => j.id).sort());
    const { deps, received, mails } = world(BATCH + 5_000);
    await handleQueue(fakeBatch("qingdan-delivery", inBatch).batch, env, ctx, deps);

    expect(await visible("2025-11-19")).toEqual({ inbox: true, search: true, digest: 1 });
    expect(received.length).toBeGreaterThan(0);
    expect(mails.length).toBeGreaterThan(0);
    for (const r of received) {
      // The batch's time, and the filing day only in the payload.
      expect(Number(r.headers.get("webhook-timestamp"))).toBe(Math.floor((BATCH + 5_000) / 1000));
      expect(JSON.parse(r.body).data.receivedOn).toBe(day);
      expect(r.body).not.toMatch(/10:01|T02:01/);
    }
  });

  it("tells the reporter the batch on the next-steps page, and 已送达 once it has run", async () => {
    const result = await file(Date.now());
    const { pendingBatch } = await import("../../worker/db/delivery.ts");
    expect(await pendingBatch(env.DB, result.reportId)).toBe(result.batchAt);
    const inBatch = await enqueuedDuring(() => redeliverDueJobs(env, result.batchAt!));
    await handleQueue(fakeBatch("qingdan-delivery", inBatch).batch, env, ctx, world(result.batchAt!).deps);
    expect(await pendingBatch(env.DB, result.reportId)).toBeNull();
  });
});

describe("security M2: delivery_jobs keeps no time finer than the batch", () => {
  it("stores the same whole-hour batch for reports filed minutes apart, and whole hours after failures", async () => {
    const first = await file(FILED);
    const second = await file(FILED + 17 * 60_000 + 345);
    const jobs = [...(await jobsOf(first.reportId)), ...(await jobsOf(second.reportId))];
    expect(new Set(jobs.map((j) => j.next_attempt_at))).toEqual(new Set([BATCH]));

    // Every channel refuses: the failures are counted, and the retry time is a whole hour.
    const ids = await enqueuedDuring(() => redeliverDueJobs(env, BATCH));
    const refusing: DeliveryDeps = {
      ...world(BATCH + 1_234).deps,
      fetch: async () => new Response(null, { status: 500 }),
      sendMail: async () => Promise.reject(new Error("down")),
    };
    await handleQueue(fakeBatch("qingdan-delivery", ids, 3).batch, env, ctx, refusing);
    const after = [...(await jobsOf(first.reportId)), ...(await jobsOf(second.reportId))].filter((j) => j.state !== "delivered");
    expect(after.length).toBeGreaterThan(0);
    for (const j of after) expect(j.next_attempt_at! % HOUR).toBe(0);
    // Both reports' jobs look alike: nothing orders them by filing.
    const byReport = (id: string) => after.filter((j) => j.report_id === id).map((j) => [j.channel, j.channel_index, j.attempts, j.next_attempt_at]);
    expect(byReport(first.reportId).sort()).toEqual(byReport(second.reportId).sort());
  });
});

describe("security M3: public figures are computed once a day, for the day before", () => {
  it("leaves out reports received today and says up to which day it counts", async () => {
    const bodyId = await makeBody(env.DB);
    for (let i = 0; i < 5; i++) {
      await makeReport(env.DB, { bodyId, receivedOn: "2025-11-17", deliveredOn: "2025-11-18" });
      await makeReport(env.DB, { bodyId, receivedOn: "2025-11-18", deliveredOn: "2025-11-18" });
    }
    const today = await loadStats(env.DB, null, "2025-11-18");
    const tomorrow = await loadStats(env.DB, null, "2025-11-19");
    const count = (s: typeof today) => s.byBody.find((b) => b.key === bodyId)?.received;
    expect([today.asOf, count(today)]).toEqual(["2025-11-17", 5]);
    expect([tomorrow.asOf, count(tomorrow)]).toEqual(["2025-11-18", 10]);
  });

  it("serves the day's figures from one computation: a report filed after it does not show until the next day", async () => {
    const before = await (await exports.default.fetch("http://localhost/api/stats")).json<{ total: number | null; asOf: string }>();
    const bodyId = await makeBody(env.DB);
    const todayBeijing = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
    for (let i = 0; i < 6; i++) await makeReport(env.DB, { bodyId, receivedOn: todayBeijing, deliveredOn: todayBeijing });
    const after = await (await exports.default.fetch("http://localhost/api/stats")).json<{ total: number | null; asOf: string }>();
    expect(after).toEqual(before);
    expect(after.asOf < todayBeijing).toBe(true);
    const page = await (await exports.default.fetch("http://localhost/stats")).text();
    expect(page).toContain(`数据截至 ${after.asOf}（北京时间），每天计算一次`);
  });
});

describe("security M1: a reporter's message and reopen request reach the body in a delivery batch", () => {
  it("hides a message from the body's case page until its batch, and applies a reopen only in the batch", async () => {
    const bodyId = await makeBody(env.DB);
    const reportId = await makeReport(env.DB, { bodyId, receivedOn: "2025-11-01", deliveredOn: "2025-11-03", status: "closed" });
    const batchAt = nextBatch(FILED, DEFAULT);
    expect(batchAt).toBe(BATCH);
    await insertMessage(env.DB, {
      reportId,
      onDay: "2025-11-18",
      direction: "to_body",
      kind: "message",
      bodyId: null,
      text: "补充一点情况",
      visibleFrom: batchAt,
    }).run();
    await insertReopenRequest(env.DB, reportId, "结论与事实不符", batchAt);
    const messagesAt = async (now: number) => (await reportDetails(env.DB, reportId, bodyId, now)).messages.map((m) => m.text);
    expect(await messagesAt(FILED + HOUR)).toEqual([]);
    expect(await messagesAt(BATCH)).toEqual(["补充一点情况"]);
    expect(await applyDueReopens(env as never, BATCH - HOUR)).toBe(0);
    const statusOf = async () => (await env.DB.prepare("SELECT status FROM reports WHERE id = ?1").bind(reportId).first<{ status: string }>())!.status;
    expect(await statusOf()).toBe("closed");
    expect(await applyDueReopens(env as never, BATCH)).toBe(1);
    expect(await statusOf()).toBe("screening");
    expect(await messagesAt(BATCH)).toEqual(["补充一点情况", "结论与事实不符"]);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM reopen_requests WHERE report_id = ?1").bind(reportId).first("n")).toBe(0);
  });
});
