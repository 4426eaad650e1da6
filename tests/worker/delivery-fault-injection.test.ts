/**
 * Fault injection (issue #5): 1,000 reports, filed over 21 minutes, to a body with an inbox, a
 * webhook and an email channel, against a receiver and a mailer that fail 30 % of calls at random
 * for 20 minutes, then every call for 2 h 30 (longer than all queue retries), then recover. Queues is simulated around
 * the real consumer (at-least-once with duplicates, retries with the consumer's delays,
 * max_retries 8, then the dead-letter queue), enqueueing after intake sometimes fails, and the
 * 10-minute cron runs on a simulated clock. Seeded, so every run is the same.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { handleQueue } from "../../worker/delivery/queue.ts";
import { planDelivery } from "../../worker/delivery/plan.ts";
import { enqueueJobs } from "../../worker/delivery/jobs.ts";
import { signWebhook } from "../../worker/delivery/webhook.ts";
import type { DeliveryDeps } from "../../worker/delivery/deliver.ts";
import { redeliverDueJobs } from "../../worker/scheduled.ts";
import { TEST_SECRETS } from "../support/secrets.ts";
import type { OversightBody } from "../../data/schema/oversight-body.ts";
import { ctx, fakeBatch, insertReport, loadBodies, reportFor } from "./delivery-fixtures.ts";
import { seededRandom as seeded } from "../../scripts/lib/seeded-random.ts";

const REPORTS = 1000;
const MAX_RETRIES = 8; // wrangler.toml [[queues.consumers]] max_retries
const START = Date.parse("2025-10-09T01:00:00Z");
const MINUTE = 60_000;
const FILING_MS = 21 * MINUTE;
const RANDOM_FAILURES_UNTIL = START + 20 * MINUTE;
const OUTAGE_UNTIL = RANDOM_FAILURES_UNTIL + 150 * MINUTE;
const HOOKS = ["http://127.0.0.1:8790/webhooks/fault-office"];
const BODY: OversightBody = {
  id: "fault-office",
  name: "故障测试市减负办",
  kind: "burden_reduction_office",
  level: "prefecture",
  area: "4310",
  joined: true,
  demo: true,
  channels: [
    { type: "inbox" },
    ...HOOKS.map((url) => ({ type: "webhook" as const, url, secretName: "DEMO_WEBHOOK_SECRET" })),
    { type: "email", address: "fault-office@demo.qingdan.invalid", fullContent: false },
  ],
};
const JOBS_PER_REPORT = 3;
const DAY = "2025-10-09";

interface Pending {
  jobId: string;
  attempts: number;
  visibleAt: number;
}

interface Call {
  url: string;
  webhookId: string;
  reportId: string;
  ok: boolean;
}

const random = seeded(20251009);
let clock = START;
const queue: Pending[] = [];
const calls: Call[] = [];
const mails = new Map<string, number>();
const stats = { enqueueFailures: 0, duplicates: 0, deadLettered: 0, cronRuns: 0, badSignatures: 0 };

/** The receiver's health at the simulated time: 30 % random failures, then down, then up. */
const receiverFails = () => (clock < RANDOM_FAILURES_UNTIL ? random() < 0.3 : clock < OUTAGE_UNTIL);

const deps: DeliveryDeps = {
  now: () => clock,
  fetch: async (input, init) => {
    const headers = new Headers(init?.headers);
    const body = String(init?.body);
    const id = headers.get("webhook-id")!;
    const expected = await signWebhook(TEST_SECRETS.DEMO_WEBHOOK_SECRET, id, Number(headers.get("webhook-timestamp")), body);
    if (headers.get("webhook-signature") !== expected) stats.badSignatures++;
    const fails = receiverFails();
    calls.push({ url: String(input), webhookId: id, reportId: (JSON.parse(body) as { data: { reportId: string } }).data.reportId, ok: !fails });
    if (fails && random() < 0.2) throw new TypeError("connection reset");
    return new Response(fails ? "unavailable" : "ok", { status: fails ? 503 : 200 });
  },
  sendMail: async (_from, to, raw) => {
    if (receiverFails()) throw new Error("mail relay unavailable");
    const key = `${to} ${/^Message-ID: <([^>]+)>/m.exec(raw)?.[1]}`;
    mails.set(key, (mails.get(key) ?? 0) + 1);
  },
};

/** The producer side: messages become visible at once; a send sometimes fails. */
const producer = {
  sendBatch: async (messages: { body: { jobId: string } }[]) => {
    if (random() < 0.05) {
      stats.enqueueFailures++;
      throw new Error("queue unavailable");
    }
    for (const m of messages) queue.push({ jobId: m.body.jobId, attempts: 1, visibleAt: clock });
  },
} as unknown as Queue;

async function runCron(): Promise<void> {
  stats.cronRuns++;
  await redeliverDueJobs({ DB: env.DB, DELIVERY_QUEUE: producer }, clock);
}

/** One consumer invocation: up to 10 visible messages; acks, retries and dead letters as Queues does. */
async function step(): Promise<void> {
  queue.sort((a, b) => a.visibleAt - b.visibleAt);
  const batch = queue.splice(0, Math.min(10, queue.filter((m) => m.visibleAt <= clock).length));
  const { batch: delivered, outcomes } = fakeBatch(
    "qingdan-delivery",
    batch.map((m) => m.jobId),
    batch.map((m) => m.attempts),
  );
  await handleQueue(delivered, env, ctx, deps);
  const dead: string[] = [];
  batch.forEach((m, i) => {
    const outcome = outcomes[i]!;
    if (outcome.acked) {
      // At-least-once: Queues may hand the same message over again.
      if (random() < 0.03) {
        stats.duplicates++;
        queue.push({ ...m, visibleAt: clock });
      }
    } else if (m.attempts > MAX_RETRIES) {
      dead.push(m.jobId);
    } else {
      queue.push({ jobId: m.jobId, attempts: m.attempts + 1, visibleAt: clock + (outcome.retryDelay ?? 0) * 1000 });
    }
  });
  if (dead.length > 0) {
    stats.deadLettered += dead.length;
    await handleQueue(fakeBatch("qingdan-delivery-dlq", dead).batch, env, ctx, deps);
  }
}

const undelivered = () =>
  env.DB.prepare("SELECT COUNT(*) AS n FROM delivery_jobs WHERE state <> 'delivered'")
    .first<{ n: number }>()
    .then((r) => r!.n);

describe("delivery under injected faults", () => {
  const reportIds: string[] = [];

  beforeAll(async () => {
    // Only this body: every report goes to it alone (its inbox, its webhook, its mailbox).
    await loadBodies([BODY], []);
    const file = async () => {
      const report = reportFor({ imposerLevel: "county", imposerName: "桂东县农业农村局", category: "forms" });
      const plan = await planDelivery(env, report, DAY, clock);
      await env.DB.batch([insertReport(report, DAY), ...plan.statements]);
      await enqueueJobs({ DELIVERY_QUEUE: producer }, plan.jobIds);
      reportIds.push(report.id);
    };
    let nextCron = START + 10 * MINUTE;
    for (let guard = 0; guard < 100_000; guard++) {
      while (reportIds.length < REPORTS && START + (reportIds.length * FILING_MS) / REPORTS <= clock) await file();
      if (queue.some((m) => m.visibleAt <= clock)) {
        await step();
        clock += 1000;
      } else if (reportIds.length === REPORTS && (await undelivered()) === 0) {
        break;
      } else {
        const nextFiling = reportIds.length < REPORTS ? START + (reportIds.length * FILING_MS) / REPORTS : Infinity;
        clock = Math.max(clock, Math.min(...queue.map((m) => m.visibleAt), nextCron, nextFiling));
      }
      if (clock >= nextCron) {
        await runCron();
        nextCron += 10 * MINUTE;
      }
    }
  }, 600_000);

  it("injected every kind of fault the test claims to survive", () => {
    expect(stats.enqueueFailures).toBeGreaterThan(0);
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats.deadLettered).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.ok).length).toBeGreaterThan(calls.length * 0.3);
    expect(stats.badSignatures).toBe(0);
  });

  it("delivers every job in the end and drops their exact times", async () => {
    const rows = await env.DB.prepare(
      "SELECT state, COUNT(*) AS n, SUM(next_attempt_at IS NOT NULL) AS timed, SUM(last_error IS NOT NULL) AS errors FROM delivery_jobs GROUP BY state",
    ).all();
    expect(rows.results).toEqual([{ state: "delivered", n: REPORTS * JOBS_PER_REPORT, timed: 0, errors: 0 }]);
    expect(clock).toBeGreaterThan(OUTAGE_UNTIL);
  });

  it("puts every report exactly once in each receiving body's triage inbox", async () => {
    const rows = await env.DB.prepare(
      `SELECT r.status, r.first_delivered_on IS NOT NULL AS first, COUNT(DISTINCT a.body_id) AS bodies, SUM(a.delivered_on IS NOT NULL) AS delivered,
              (SELECT COUNT(*) FROM report_events e WHERE e.report_id = r.id AND e.kind = 'delivered') AS deliveredEvents,
              (SELECT COUNT(*) FROM report_events e WHERE e.report_id = r.id AND e.kind = 'route') AS routeEvents
       FROM reports r JOIN report_assignments a ON a.report_id = r.id GROUP BY r.id`,
    ).all();
    expect(rows.results).toHaveLength(REPORTS);
    expect(new Set(rows.results.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ status: "routed", first: 1, bodies: 1, delivered: 1, deliveredEvents: 1, routeEvents: 1 })]),
    );
  });

  it("reaches the receiver with one distinct webhook-id per report and channel, reused by every retry", async () => {
    const ids = new Map<string, Set<string>>();
    const ok = new Set<string>();
    for (const c of calls) {
      const key = `${c.reportId} ${c.url}`;
      ids.set(key, (ids.get(key) ?? new Set()).add(c.webhookId));
      if (c.ok) ok.add(key);
    }
    expect(ids.size).toBe(REPORTS * HOOKS.length);
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(calls.map((c) => c.webhookId)).size).toBe(REPORTS * HOOKS.length);
    expect(ok.size).toBe(REPORTS * HOOKS.length);
    expect(reportIds.every((id) => HOOKS.every((url) => ok.has(`${id} ${url}`)))).toBe(true);
  });

  it("mails every report", () => {
    expect(mails.size).toBe(REPORTS);
  });
});
