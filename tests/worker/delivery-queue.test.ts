import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import { handleQueue, backoffSeconds } from "../../worker/delivery/queue.ts";
import { signWebhook } from "../../worker/delivery/webhook.ts";
import { TEST_SECRETS } from "../support/secrets.ts";
import type { DeliveryDeps } from "../../worker/delivery/deliver.ts";
import { jobWithContext } from "../../worker/db/delivery.ts";
import { addWorkingDays } from "../../worker/domain/working-days.ts";
import { redeliverDueJobs, runDailyTasks } from "../../worker/scheduled.ts";
import { ctx, fakeBatch, fileReport, jobsOf, loadBodies, mailBody, reportFor, type SentMail } from "./delivery-fixtures.ts";

const DAY = "2025-09-30";
/** 10:00 in Beijing on DAY. */
const NOW = Date.parse("2025-09-30T02:00:00Z");

interface Received {
  url: string;
  headers: Headers;
  body: string;
}

function world(options: { status?: number; now?: number } = {}) {
  const received: Received[] = [];
  const mails: SentMail[] = [];
  const deps: DeliveryDeps = {
    fetch: async (input, init) => {
      received.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status: options.status ?? 204 });
    },
    sendMail: async (from, to, raw) => void mails.push({ from, to, raw }),
    now: () => options.now ?? NOW,
  };
  return { deps, received, mails };
}

const report = () => reportFor({ imposerLevel: "county", imposerName: "桂东县农业农村局", category: "forms", townshipCode: "431027100" });

/** Files a report (routed to the 郴州 commission and office) and picks one of its jobs. */
async function fileAndPick(channel: "inbox" | "webhook" | "email", bodyId?: string) {
  const r = report();
  await fileReport(r, DAY, NOW);
  const job = (await jobsOf(r.id)).find((j) => j.channel === channel && (!bodyId || j.body_id === bodyId))!;
  return { r, job };
}

describe("what a delivery reads", () => {
  beforeEach(() => loadBodies());

  it("reads the columns its row types name, not every column of the tables: the body's joined_on stays out", async () => {
    const { job } = await fileAndPick("inbox", "chenzhou-discipline");
    expect(await env.DB.prepare("SELECT joined_on FROM oversight_bodies WHERE id = 'chenzhou-discipline'").first("joined_on")).toBeTruthy();
    const read = await jobWithContext(env.DB, job.id);
    expect(Object.keys(read.body!).sort()).toEqual(["ack_days", "area_code", "channels", "conclude_days", "demo", "id", "joined", "kind", "level", "name"]);
    expect(Object.keys(read.job!).sort()).toEqual(
      ["attempts", "body_id", "channel", "channel_index", "delivered_on", "id", "last_error", "next_attempt_at", "report_id", "state", "webhook_id"].sort(),
    );
  });
});

describe("delivery to the triage inbox", () => {
  beforeEach(() => loadBodies());

  it("marks the job delivered, routes the report and sets the deadlines from the first delivery", async () => {
    const r = report();
    const jobs = await fileReport(r, DAY, NOW);
    const inbox = (await jobsOf(r.id)).find((j) => j.channel === "inbox" && j.body_id === "chenzhou-discipline")!;
    const { batch, outcomes } = fakeBatch("qingdan-delivery", [inbox.id]);
    await handleQueue(batch, env, ctx, world().deps);

    expect(outcomes[0]).toEqual({ acked: true, retryDelay: null });
    expect(jobs).toContain(inbox.id);
    const job = await env.DB.prepare("SELECT state, attempts, next_attempt_at, delivered_on, last_error FROM delivery_jobs WHERE id = ?1")
      .bind(inbox.id)
      .first();
    expect(job).toEqual({ state: "delivered", attempts: 1, next_attempt_at: null, delivered_on: DAY, last_error: null });
    // The body's own case is routed; the report stays `received` while another body's case is (its least advanced case).
    const row = await env.DB.prepare("SELECT status, first_delivered_on FROM reports WHERE id = ?1").bind(r.id).first();
    expect(row).toEqual({ status: "received", first_delivered_on: DAY });
    const assignment = await env.DB.prepare(
      "SELECT status, delivered_on, ack_due_on, conclude_due_on FROM report_assignments WHERE report_id = ?1 AND body_id = 'chenzhou-discipline'",
    )
      .bind(r.id)
      .first();
    expect(assignment).toEqual({ status: "routed", delivered_on: DAY, ack_due_on: "2025-10-14", conclude_due_on: addWorkingDays(DAY, 60) });
    const events = await env.DB.prepare("SELECT seq, kind, from_status, to_status, body_id, actor, on_day FROM report_events WHERE report_id = ?1 ORDER BY seq")
      .bind(r.id)
      .all();
    expect(events.results).toEqual([
      { seq: 1, kind: "route", from_status: "received", to_status: "routed", body_id: "chenzhou-discipline", actor: "system", on_day: DAY },
      { seq: 2, kind: "delivered", from_status: null, to_status: null, body_id: "chenzhou-discipline", actor: "system", on_day: DAY },
    ]);
  });

  it("delivers exactly once when the same message arrives again, even on a later day", async () => {
    const { r, job: inbox } = await fileAndPick("inbox");
    await handleQueue(fakeBatch("qingdan-delivery", [inbox.id]).batch, env, ctx, world().deps);
    const { batch, outcomes } = fakeBatch("qingdan-delivery", [inbox.id, inbox.id], 2);
    await handleQueue(batch, env, ctx, world({ now: NOW + 3 * 86_400_000 }).deps);

    expect(outcomes.map((o) => o.acked)).toEqual([true, true]);
    const counts = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM report_events WHERE report_id = ?1) AS events, (SELECT attempts FROM delivery_jobs WHERE id = ?2) AS attempts, (SELECT delivered_on FROM delivery_jobs WHERE id = ?2) AS day",
    )
      .bind(r.id, inbox.id)
      .first();
    expect(counts).toEqual({ events: 2, attempts: 1, day: DAY });
  });

  it("keeps the report's first delivery day when a second body's inbox receives it later", async () => {
    const r = report();
    await fileReport(r, DAY, NOW);
    const [first, second] = (await jobsOf(r.id)).filter((j) => j.channel === "inbox");
    await handleQueue(fakeBatch("qingdan-delivery", [first!.id]).batch, env, ctx, world().deps);
    await handleQueue(fakeBatch("qingdan-delivery", [second!.id]).batch, env, ctx, world({ now: Date.parse("2025-10-09T02:00:00Z") }).deps);

    const rows = await env.DB.prepare("SELECT body_id, delivered_on, ack_due_on FROM report_assignments WHERE report_id = ?1 ORDER BY delivered_on")
      .bind(r.id)
      .all();
    expect(rows.results).toEqual([
      { body_id: first!.body_id, delivered_on: DAY, ack_due_on: "2025-10-14" },
      { body_id: second!.body_id, delivered_on: "2025-10-09", ack_due_on: "2025-10-14" },
    ]);
  });
});

describe("webhooks", () => {
  beforeEach(() => loadBodies());

  it("signs with Standard Webhooks so the reference library verifies the delivery", async () => {
    const { r, job } = await fileAndPick("webhook", "chenzhou-discipline");
    const { deps, received } = world({ now: Date.now() });
    await handleQueue(fakeBatch("qingdan-delivery", [job.id]).batch, env, ctx, deps);

    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call!.url).toBe("http://127.0.0.1:8790/webhooks/chenzhou-discipline");
    expect(call!.headers.get("webhook-id")).toBe(job.webhook_id);
    const verified = new Webhook(TEST_SECRETS.DEMO_WEBHOOK_SECRET).verify(call!.body, Object.fromEntries(call!.headers)) as {
      type: string;
      data: { reportId: string; title: string };
    };
    expect(verified.type).toBe("report.delivered");
    expect(verified.data.reportId).toBe(r.id);
    expect(call!.body).not.toContain("receipt");
  });

  it("produces the signature of the Standard Webhooks reference implementation", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const payload = '{"test": 2432232314}';
    const expected = new Webhook(secret).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330 * 1000), payload);
    expect(await signWebhook(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, payload)).toBe(expected);
    expect(expected).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("retries a refused webhook with backoff, counts the attempt and keeps the same webhook-id", async () => {
    const { job } = await fileAndPick("webhook");
    const failing = world({ status: 503 });
    const first = fakeBatch("qingdan-delivery", [job.id], 1);
    await handleQueue(first.batch, env, ctx, failing.deps);
    const second = fakeBatch("qingdan-delivery", [job.id], 2);
    await handleQueue(second.batch, env, ctx, failing.deps);

    expect(first.outcomes[0]).toEqual({ acked: false, retryDelay: 30 });
    expect(second.outcomes[0]).toEqual({ acked: false, retryDelay: 60 });
    const row = await env.DB.prepare("SELECT state, attempts, last_error, next_attempt_at FROM delivery_jobs WHERE id = ?1")
      .bind(job.id)
      .first<{ next_attempt_at: number }>();
    expect(row).toMatchObject({ state: "pending", attempts: 2, last_error: "http_503" });
    expect(row!.next_attempt_at).toBeGreaterThan(NOW + 60_000);
    expect(new Set(failing.received.map((c) => c.headers.get("webhook-id")))).toEqual(new Set([job.webhook_id]));
  });

  it("fails a webhook whose secret is not configured, with a code and no content", async () => {
    await loadBodies([
      {
        id: "no-secret-body",
        name: "测试市委组织部",
        kind: "organisation_department",
        level: "prefecture",
        area: "4310",
        joined: true,
        demo: true,
        channels: [{ type: "inbox" }, { type: "webhook", url: "https://example.invalid/hook", secretName: "NOT_SET_ANYWHERE" }],
      },
    ]);
    // Organisation departments receive only personnel burdens, so no other test routes to this body.
    const r = reportFor({ imposerLevel: "county", imposerName: "桂东县人社局", category: "secondment" });
    await fileReport(r, DAY, NOW);
    const job = (await jobsOf(r.id)).find((j) => j.channel === "webhook" && j.body_id === "no-secret-body")!;
    await handleQueue(fakeBatch("qingdan-delivery", [job.id]).batch, env, ctx, world().deps);
    const row = await env.DB.prepare("SELECT state, last_error FROM delivery_jobs WHERE id = ?1").bind(job.id).first();
    expect(row).toEqual({ state: "pending", last_error: "missing_secret" });
  });

  it("refuses to send report content over plain http in production", async () => {
    const { job } = await fileAndPick("webhook");
    const { deps, received } = world();
    await handleQueue(fakeBatch("qingdan-delivery", [job.id]).batch, { ...env, ENVIRONMENT: "production" }, ctx, deps);
    expect(received).toEqual([]);
    const row = await env.DB.prepare("SELECT state, last_error FROM delivery_jobs WHERE id = ?1").bind(job.id).first();
    expect(row).toEqual({ state: "pending", last_error: "insecure_url" });
  });

  it.each([
    [1, 30],
    [2, 60],
    [5, 480],
    [8, 3600],
    [20, 3600],
  ])("waits %i attempts → %i s before the next retry", (attempt, seconds) => {
    expect(backoffSeconds(attempt)).toBe(seconds);
  });
});

describe("email", () => {
  beforeEach(() => loadBodies());

  it("sends a notice without report content by default", async () => {
    const { job } = await fileAndPick("email", "chenzhou-discipline");
    const { deps, mails } = world();
    await handleQueue(fakeBatch("qingdan-delivery", [job.id]).batch, env, ctx, deps);

    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: "noreply@localhost", to: "chenzhou-discipline@demo.qingdan.invalid" });
    expect(mails[0]!.raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    const text = mailBody(mails[0]!.raw);
    expect(text).toContain("http://localhost:8787/oversight");
    expect(text).not.toContain("表格太多");
    expect(text).not.toContain("每周要填三张重复的表");
    expect(text).not.toContain("桂东县农业农村局");
  });

  it("sends the full report to a body that opted in", async () => {
    const { job } = await fileAndPick("email", "chenzhou-burden-office");
    const { deps, mails } = world();
    await handleQueue(fakeBatch("qingdan-delivery", [job.id]).batch, env, ctx, deps);

    const text = mailBody(mails[0]!.raw);
    expect(text).toContain("表格太多");
    expect(text).toContain("每周要填三张重复的表。");
    expect(text).toContain("桂东县农业农村局");
  });

  it("retries when the mailer refuses", async () => {
    const { job } = await fileAndPick("email");
    const { deps } = world();
    deps.sendMail = async () => {
      throw new Error("destination not verified");
    };
    const { batch, outcomes } = fakeBatch("qingdan-delivery", [job.id]);
    await handleQueue(batch, env, ctx, deps);
    expect(outcomes[0]).toEqual({ acked: false, retryDelay: 30 });
    const row = await env.DB.prepare("SELECT last_error FROM delivery_jobs WHERE id = ?1").bind(job.id).first();
    expect(row).toEqual({ last_error: "mail_refused" });
  });
});

describe("dead letters and the cron", () => {
  beforeEach(() => loadBodies());

  it("marks a dead-lettered job failed, and the cron sends it again once its retry time has passed", async () => {
    const { job } = await fileAndPick("webhook");
    await handleQueue(fakeBatch("qingdan-delivery", [job.id], 8).batch, env, ctx, world({ status: 500 }).deps);
    const { batch, outcomes } = fakeBatch("qingdan-delivery-dlq", [job.id]);
    await handleQueue(batch, env, ctx, world().deps);

    expect(outcomes[0]?.acked).toBe(true);
    const failed = await env.DB.prepare("SELECT state, attempts, last_error, next_attempt_at FROM delivery_jobs WHERE id = ?1")
      .bind(job.id)
      .first<{ next_attempt_at: number }>();
    expect(failed).toMatchObject({ state: "failed", attempts: 1, last_error: "http_500" });

    const sent: unknown[] = [];
    const queue = { sendBatch: async (m: unknown[]) => void sent.push(...m) } as unknown as Queue;
    await redeliverDueJobs({ DB: env.DB, DELIVERY_QUEUE: queue }, failed!.next_attempt_at - 1);
    expect(sent).not.toContainEqual({ body: { jobId: job.id }, contentType: "json" });
    await redeliverDueJobs({ DB: env.DB, DELIVERY_QUEUE: queue }, failed!.next_attempt_at);
    expect(sent).toContainEqual({ body: { jobId: job.id }, contentType: "json" });
    const again = await env.DB.prepare("SELECT state FROM delivery_jobs WHERE id = ?1").bind(job.id).first();
    expect(again).toEqual({ state: "pending" });
  });

  it("never re-enqueues a delivered job", async () => {
    const r = report();
    await fileReport(r, DAY, NOW);
    const ids = (await jobsOf(r.id)).map((j) => j.id);
    await handleQueue(fakeBatch("qingdan-delivery", ids).batch, env, ctx, world().deps);
    const sent: unknown[] = [];
    const queue = { sendBatch: async (m: unknown[]) => void sent.push(...m) } as unknown as Queue;
    await redeliverDueJobs({ DB: env.DB, DELIVERY_QUEUE: queue }, NOW + 365 * 86_400_000);
    expect(sent.filter((m) => ids.includes((m as { body: { jobId: string } }).body.jobId))).toEqual([]);
  });

  it("runs every daily task even when one fails", async () => {
    const ran: string[] = [];
    const failed = await runDailyTasks(env, ctx, [
      { name: "digest", run: async () => void ran.push("digest") },
      { name: "broken", run: async () => Promise.reject(new Error("x")) },
      { name: "retention", run: async () => void ran.push("retention") },
    ]);
    expect(ran).toEqual(["digest", "retention"]);
    expect(failed).toEqual(["broken"]);
  });
});
