/**
 * Nothing waits in vain (issue 10 item 4): a report that reached no body, whose reporter consented
 * to forwarding, goes to a body that joins later, through the daily cron, the normal routing plan
 * and the next delivery batch; the reporter sees the body's stage on /track instead of «未送达».
 * A report without consent, one filed more than 12 months before, and one the current rules route
 * elsewhere stay as they are; running the cron twice forwards once.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { OversightBody } from "../../data/schema/oversight-body.ts";
import { bodyUpsertSql } from "../../worker/db/body-sql.ts";
import { listInbox } from "../../worker/db/inbox.ts";
import { routingOutcomes } from "../../worker/db/reports.ts";
import { handleQueue } from "../../worker/delivery/queue.ts";
import type { DeliveryDeps } from "../../worker/delivery/deliver.ts";
import type { Bindings } from "../../worker/env.ts";
import { parseReport } from "../../worker/routes/report/shared.ts";
import { DAILY_CRON, handleScheduled, redeliverDueJobs } from "../../worker/scheduled.ts";
import { submitReport } from "../../worker/services/intake.ts";
import { FORWARD_JOINED_WITHIN_DAYS } from "../../worker/services/forwarding.ts";
import { shiftDays } from "../../worker/domain/working-days.ts";
import { ctx, fakeBatch, loadBodies } from "./delivery-fixtures.ts";
import { makeArea, postForm, validReport, type Area } from "./report-fixtures.ts";

/** Tuesday 2026-03-10, 10:00 Beijing: filed while no body of the area had joined. */
const FILED = Date.parse("2026-03-10T10:00:00+08:00");
/** Filed 2025-03-01: more than 12 months before the cron's day. */
const FILED_LONG_AGO = Date.parse("2025-03-01T10:00:00+08:00");
/** The body joins on Monday 2026-03-16 (`load:bodies` that day); the daily cron runs at 09:00 Beijing. */
const JOIN_DAY = "2026-03-16";
const CRON = Date.parse("2026-03-16T09:00:00+08:00");
/** The next delivery batch after the cron: Tuesday 09:00 Beijing (at least 2 hours later, working day). */
const BATCH = Date.parse("2026-03-17T09:00:00+08:00");

/** The prefecture's discipline commission: rule `one-level-above` sends a county imposer's report there. */
const commission = (area: Area, joined: boolean): OversightBody => ({
  id: `fwd-${area.county.slice(0, 4)}-discipline`,
  name: `测试${area.county.slice(0, 4)}市纪委监委`,
  kind: "discipline_commission",
  level: "prefecture",
  area: area.county.slice(0, 4),
  joined,
  demo: false,
  channels: [{ type: "inbox" }],
});

/** Loads the body as `npm run load:bodies` does on `day` (its SQL). */
const loadBody = (body: OversightBody, day: string) => env.DB.prepare(bodyUpsertSql(body, day)).run();

async function file(area: Area, now: number, overrides: Record<string, unknown>) {
  const parsed = parseReport(validReport(area, overrides));
  if (!parsed.ok) throw new Error("fixture report invalid");
  return submitReport(env as unknown as Bindings, parsed.input, [], { now });
}

/** The daily cron, as Cloudflare calls it: the worker's scheduled handler with the cron and its time (ms). */
const runDailyCron = (time: number) => handleScheduled({ cron: DAILY_CRON, scheduledTime: time, noRetry: () => {} }, env as unknown as Env, ctx);

const assignedBodies = async (reportId: string) =>
  (await env.DB.prepare("SELECT body_id FROM report_assignments WHERE report_id = ?1").bind(reportId).all<{ body_id: string }>()).results.map((r) => r.body_id);

/** Runs the batch at BATCH: the hourly cron enqueues the due jobs, the queue consumer delivers them. */
async function runBatch(): Promise<void> {
  const ids: string[] = [];
  const spy = vi.spyOn(env.DELIVERY_QUEUE, "sendBatch").mockImplementation(async (messages) => {
    for (const m of messages) ids.push((m.body as { jobId: string }).jobId);
    return {} as unknown as QueueSendBatchResponse;
  });
  try {
    await redeliverDueJobs(env, BATCH);
  } finally {
    spy.mockRestore();
  }
  const deps: DeliveryDeps = { fetch: async () => new Response(null, { status: 204 }), sendMail: async () => {}, now: () => BATCH + 1_000 };
  await handleQueue(fakeBatch("qingdan-delivery", ids).batch, env, ctx, deps);
}

beforeAll(async () => {
  await loadBodies([]);
});

describe("consent to forwarding: a waiting report reaches a body that joins later", () => {
  it("forwards the consenting report through the daily cron into the next batch, and only that one, once", async () => {
    const area = await makeArea();
    const body = commission(area, false);
    await loadBody(body, "2026-03-01");

    const consenting = await file(area, FILED, { forwardConsent: true, title: "每月重复填报种植面积表" });
    const notConsenting = await file(area, FILED, { forwardConsent: false, title: "每周三次会议要求全员参加", category: "meetings" });
    const tooOld = await file(area, FILED_LONG_AGO, { forwardConsent: true, title: "各类台账要求纸质和电子双份", category: "ledgers" });
    // A prefecture imposer goes one level above it, to the province: not this body.
    const routedElsewhere = await file(area, FILED, {
      forwardConsent: true,
      imposerLevel: "prefecture",
      imposerName: "市农业农村局",
      title: "市里要求每天报送进度",
    });
    for (const r of [consenting, notConsenting, tooOld, routedElsewhere]) expect(r.decisions.some((d) => d.joined)).toBe(false);

    // The body's flag flips (`joined: true`, `npm run load:bodies` on JOIN_DAY): the day is recorded.
    await loadBody({ ...body, joined: true }, JOIN_DAY);
    expect(await env.DB.prepare("SELECT joined_on FROM oversight_bodies WHERE id = ?1").bind(body.id).first("joined_on")).toBe(JOIN_DAY);

    await runDailyCron(CRON);
    expect(await assignedBodies(consenting.reportId)).toEqual([body.id]);
    for (const r of [notConsenting, tooOld, routedElsewhere]) expect(await assignedBodies(r.reportId)).toEqual([]);

    // The normal plan: a routing decision with its reason code after the first ones, which stay
    // (the hand-off in the record); the jobs wait for the next batch.
    const decisions = (
      await env.DB.prepare("SELECT seq, body_id, joined, reason_code FROM routing_decisions WHERE report_id = ?1 ORDER BY seq")
        .bind(consenting.reportId)
        .all<{ seq: number; body_id: string | null; joined: number; reason_code: string }>()
    ).results;
    const first = consenting.decisions.length;
    expect(decisions.slice(0, first).every((d) => d.joined === 0)).toBe(true);
    expect(decisions.slice(first)).toContainEqual({ seq: expect.any(Number), body_id: body.id, joined: 1, reason_code: "rule" });
    const jobs = (
      await env.DB.prepare("SELECT next_attempt_at FROM delivery_jobs WHERE report_id = ?1").bind(consenting.reportId).all<{ next_attempt_at: number }>()
    ).results;
    expect(jobs.map((j) => j.next_attempt_at)).toEqual([BATCH]);

    // Twice: nothing more.
    await runDailyCron(CRON);
    await runDailyCron(CRON + 86_400_000);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM routing_decisions WHERE report_id = ?1").bind(consenting.reportId).first("n")).toBe(
      decisions.length,
    );
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM report_events WHERE report_id = ?1 AND kind = 'forwarded'").bind(consenting.reportId).first("n"),
    ).toBe(1);

    // Not in the inbox before the batch; there after it, and the others never.
    const inbox = async (day: string) => (await listInbox(env.DB, body.id, {}, day, "2030-01-01")).map((r) => r.id);
    expect(await inbox(JOIN_DAY)).not.toContain(consenting.reportId);
    await runBatch();
    const after = await inbox("2026-03-17");
    expect(after).toContain(consenting.reportId);
    for (const r of [notConsenting, tooOld, routedElsewhere]) expect(after).not.toContain(r.reportId);

    // The reporter sees the body's stage and the forwarding, not «未送达» and the hand-off.
    const track = await (await postForm("/track", { code: consenting.receiptCode })).text();
    expect(track).not.toContain("未送达");
    expect(track).not.toContain('class="handoff-text"');
    expect(track).toContain("经反映人同意，转交给新加入本平台的受理机构");
    expect(track).toContain('data-stage="delivered"');
    // The decisions as pages read them: the body that holds it now first, then the older ones as history.
    const outcomes = await routingOutcomes(env.DB, consenting.reportId);
    expect(outcomes[0]).toMatchObject({ bodyId: body.id, joined: true, status: "routed" });
    expect(outcomes.slice(1).every((d) => !d.joined)).toBe(true);
    // The next-steps page names the body that holds it first; the first, not-joined decisions follow as history.
    const next = await (await postForm("/report/confirm", { code: consenting.receiptCode, lastGroup: consenting.receiptCode.slice(-4) })).text();
    const steps = next.match(/<article class="receipt-next">[\s\S]*?<\/ul>/)?.[0] ?? "";
    const items = [...steps.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(items[0]).toContain(body.name);
    expect(items[0]).not.toContain("尚未加入");
    expect(items.slice(1).some((i) => i.includes("尚未加入"))).toBe(true);
    // …but never says that the body holding it has not joined, and names a body still missing once.
    expect(items.slice(1).some((i) => i.includes(body.name))).toBe(false);
    const missing = items.slice(1).map((i) => i.match(/应当受理的机构（([^）]+)）/)?.[1]);
    expect(new Set(missing).size).toBe(missing.length);
    const other = await (await postForm("/track", { code: notConsenting.receiptCode })).text();
    expect(other).toContain("未送达：本地区尚无受理机构加入本平台");
  });

  it("keeps the join day on reloads and clears it when the body leaves", async () => {
    const area = await makeArea();
    const body = commission(area, true);
    const joinedOn = () => env.DB.prepare("SELECT joined_on FROM oversight_bodies WHERE id = ?1").bind(body.id).first("joined_on");
    await loadBody(body, "2026-03-02");
    await loadBody(body, "2026-03-20");
    expect(await joinedOn()).toBe("2026-03-02");
    await loadBody({ ...body, joined: false }, "2026-04-01");
    expect(await joinedOn()).toBeNull();
    await loadBody(body, "2026-05-06");
    expect(await joinedOn()).toBe("2026-05-06");
  });

  it("looks only at bodies that joined in the last FORWARD_JOINED_WITHIN_DAYS days", async () => {
    const area = await makeArea();
    const body = commission(area, false);
    await loadBody(body, "2026-01-05");
    // Filed on Thursday 2026-03-05, before the body joined (8 days before the cron's day, then 7).
    const waiting = await file(area, Date.parse("2026-03-05T10:00:00+08:00"), { forwardConsent: true });
    await loadBody({ ...body, joined: true }, shiftDays(JOIN_DAY, -FORWARD_JOINED_WITHIN_DAYS - 1));
    await runDailyCron(CRON);
    expect(await assignedBodies(waiting.reportId)).toEqual([]);
    await env.DB.prepare("UPDATE oversight_bodies SET joined_on = ?2 WHERE id = ?1").bind(body.id, shiftDays(JOIN_DAY, -FORWARD_JOINED_WITHIN_DAYS)).run();
    await runDailyCron(CRON);
    expect(await assignedBodies(waiting.reportId)).toEqual([body.id]);
  });
});
