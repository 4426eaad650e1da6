/**
 * The contract between intake and delivery (issue #5). Intake builds the report INSERT and adds
 * `plan.statements` to the same D1 batch (so report, routing and delivery jobs are written
 * together before any receipt is shown). The jobs wait, `pending`, until their delivery batch
 * (`plan.batchAt`, worker/domain/delivery-batch.ts, security M1): the hourly cron
 * (worker/scheduled.ts) enqueues every job whose time has come, so nothing reaches a body at
 * the moment of filing and a report is never lost between D1 and the queue. A transfer (an
 * official's own action) enqueues its jobs at once with `enqueueJobs`.
 *
 * @example
 * const plan = await planDelivery(c.env, report, today, nextBatch(Date.now(), batchSchedule(c.env)));
 * await c.env.DB.batch([insertReport, ...plan.statements]);
 */
import type { Bindings } from "../env.ts";
import type { ImposerLevel, ReportCategory } from "../../data/schema/report-category.ts";
import { RoutingRules } from "../../data/schema/routing-rule.ts";
import { bodyAreasFor, route, type RoutingBody, type RoutingOutcome } from "../domain/routing.ts";
import { ceilHour } from "../domain/delivery-batch.ts";
import { bodiesForAreas, channelsForPlace } from "../db/bodies.ts";
import { assignmentStatement, jobStatement, routingDecisionStatement } from "../db/delivery.ts";
import rulesJson from "./routing-rules.json";

export interface ReportForRouting {
  id: string;
  townshipCode: string;
  villageCode: string | null;
  imposerLevel: ImposerLevel;
  imposerName: string;
  category: ReportCategory;
}

export interface DeliveryPlan {
  statements: D1PreparedStatement[];
  decisions: RoutingOutcome[];
  jobIds: string[];
  /** The delivery batch (ms, a whole hour) the jobs wait for. */
  batchAt: number;
}

/** What a delivery queue message carries: only the job id (never report content). */
export interface DeliveryMessage {
  jobId: string;
}

/** The routing rules, validated once per isolate (data/routing-rules.yaml → `npm run gen:routing`). */
export const ROUTING_RULES = RoutingRules.parse(rulesJson).rules;

/** A job not confirmed by the queue within this time is picked up by the hourly cron. */
export const ENQUEUE_GRACE_MS = 10 * 60_000;

/** Standard Webhooks message id: stable for the job, reused by every retry. */
const newWebhookId = () => `msg_${crypto.randomUUID().replaceAll("-", "")}`;

/** The delivery jobs for one body: its triage inbox always, then each webhook or email channel. */
export function jobsForBody(body: RoutingBody): { channel: "inbox" | "webhook" | "email"; channelIndex: number }[] {
  const extra = body.channels.flatMap((c, i) => (c.type === "inbox" ? [] : [{ channel: c.type, channelIndex: i }]));
  return [{ channel: "inbox", channelIndex: 0 }, ...extra];
}

/**
 * The job statements for one body of one report (intake's plan and a transfer alike), with the
 * new job ids. `dueAt`: when the cron sends them (intake: the batch; a transfer: soon after now,
 * should the queue lose them), kept only to the hour (security M2).
 */
export function jobStatementsFor(db: D1Database, reportId: string, body: RoutingBody, dueAt: number): { statements: D1PreparedStatement[]; jobIds: string[] } {
  const jobs = jobsForBody(body).map((job) => ({ ...job, id: crypto.randomUUID(), reportId, bodyId: body.id, webhookId: newWebhookId(), nextAttemptAt: ceilHour(dueAt) }));
  return { statements: jobs.map((job) => jobStatement(db, job)), jobIds: jobs.map((job) => job.id) };
}

/** Routing and the pending jobs of a new report, due in its delivery batch `batchAt` (ms). */
export async function planDelivery(env: Pick<Bindings, "DB">, report: ReportForRouting, today: string, batchAt: number): Promise<DeliveryPlan> {
  const place = report.villageCode ?? report.townshipCode;
  const [bodies, channels] = await Promise.all([bodiesForAreas(env.DB, bodyAreasFor(report.townshipCode)), channelsForPlace(env.DB, place)]);
  const decisions = route(report, ROUTING_RULES, bodies, channels);

  const statements: D1PreparedStatement[] = [];
  const jobIds: string[] = [];
  decisions.forEach((d, seq) => {
    const joined = d.status === "routed";
    statements.push(routingDecisionStatement(env.DB, { reportId: report.id, seq: seq + 1, bodyId: d.body?.id ?? null, channelId: d.channelId, ruleId: d.ruleId, reason: d.reason, reasonCode: d.reasonCode, reasonParams: d.reasonParams, joined }));
    if (!joined || !d.body) return;
    statements.push(assignmentStatement(env.DB, report.id, d.body.id, today));
    const jobs = jobStatementsFor(env.DB, report.id, d.body, batchAt);
    statements.push(...jobs.statements);
    jobIds.push(...jobs.jobIds);
  });

  return {
    statements,
    jobIds,
    batchAt,
    decisions: decisions.map((d) => ({
      bodyId: d.body?.id ?? null,
      bodyName: d.body?.name ?? null,
      joined: d.status === "routed",
      channelId: d.channelId,
      channelName: channels.find((c) => c.id === d.channelId)?.name ?? null,
      channelUrl: channels.find((c) => c.id === d.channelId)?.url ?? null,
      ackDays: d.status === "routed" ? (d.body?.ackDays ?? null) : null,
      ruleId: d.ruleId,
      reason: d.reason,
      reasonCode: d.reasonCode,
      reasonParams: d.reasonParams,
      status: d.status,
    })),
  };
}

/** Sends one queue message per job. Failures are swallowed: the jobs stay pending and the cron sends them. */
export async function enqueueJobs(env: Pick<Bindings, "DELIVERY_QUEUE">, jobIds: string[]): Promise<void> {
  for (let i = 0; i < jobIds.length; i += 100) {
    const chunk = jobIds.slice(i, i + 100);
    try {
      await env.DELIVERY_QUEUE.sendBatch(chunk.map((jobId) => ({ body: { jobId } satisfies DeliveryMessage, contentType: "json" as const })));
    } catch {
      // The hourly cron re-enqueues pending jobs whose next_attempt_at has passed.
    }
  }
}
