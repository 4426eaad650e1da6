/**
 * The contract between intake and delivery (issue #5). Intake builds the report INSERT, adds
 * `plan.statements` to the same D1 batch (so report, routing and delivery jobs are written
 * together before any receipt is shown), then calls `enqueueJobs` after the batch commits.
 * If enqueueing fails, the jobs are still `pending` in D1 and the 10-minute cron sends them
 * (worker/scheduled.ts), so a report is never lost between the batch and the queue.
 *
 * @example
 * const plan = await planDelivery(c.env, report, today);
 * await c.env.DB.batch([insertReport, ...plan.statements]);
 * c.executionCtx.waitUntil(enqueueJobs(c.env, plan.jobIds));
 */
import type { Bindings } from "../env.ts";
import type { ImposerLevel, ReportCategory } from "../../data/schema/report-category.ts";
import { RoutingRules, type RoutingReasonCode, type RoutingReasonParams } from "../../data/schema/routing-rule.ts";
import { areaChain, CONFLICT_RULE_ID, route, type DecisionStatus, type RoutingBody } from "../domain/routing.ts";
import { bodiesForAreas, channelsForPlace } from "../db/bodies.ts";
import rulesJson from "./routing-rules.json";

export interface ReportForRouting {
  id: string;
  townshipCode: string;
  villageCode: string | null;
  imposerLevel: ImposerLevel;
  imposerName: string;
  category: ReportCategory;
}

/** One routing decision, as the receipt page shows it. */
export interface RoutingOutcome {
  bodyId: string | null;
  bodyName: string | null;
  /** False when the right body has not joined this deployment: the reporter is told so. */
  joined: boolean;
  /** Official channel for the area, shown when the body has not joined. */
  channelId: string | null;
  ruleId: string;
  /** English free text (API field `reason`); pages use the code. */
  reason: string;
  reasonCode: RoutingReasonCode | null;
  reasonParams: RoutingReasonParams;
  /**
   * `routed`: the body receives it; `not_joined`: the right body is not in this deployment (show
   * the official channel); `excluded`: the body is the one accused (conflict of interest).
   */
  status: DecisionStatus;
}

export interface DeliveryPlan {
  statements: D1PreparedStatement[];
  decisions: RoutingOutcome[];
  jobIds: string[];
}

/**
 * The status of a stored decision (routing_decisions has `joined` and `rule_id`): for reading
 * decisions back, e.g. a replayed receipt.
 */
export const decisionStatus = (joined: boolean, ruleId: string): DecisionStatus => (joined ? "routed" : ruleId === CONFLICT_RULE_ID ? "excluded" : "not_joined");

/** What a delivery queue message carries: only the job id (never report content). */
export interface DeliveryMessage {
  jobId: string;
}

/** The routing rules, validated once per isolate (data/routing-rules.yaml → `npm run gen:routing`). */
export const ROUTING_RULES = RoutingRules.parse(rulesJson).rules;

/** A job not confirmed by the queue within this time is picked up by the 10-minute cron. */
export const ENQUEUE_GRACE_MS = 10 * 60_000;

/** Standard Webhooks message id: stable for the job, reused by every retry. */
const newWebhookId = () => `msg_${crypto.randomUUID().replaceAll("-", "")}`;

/** The delivery jobs for one body: its triage inbox always, then each webhook or email channel. */
export function jobsForBody(body: RoutingBody): { channel: "inbox" | "webhook" | "email"; channelIndex: number }[] {
  const extra = body.channels.flatMap((c, i) => (c.type === "inbox" ? [] : [{ channel: c.type, channelIndex: i }]));
  return [{ channel: "inbox", channelIndex: 0 }, ...extra];
}

export async function planDelivery(env: Pick<Bindings, "DB">, report: ReportForRouting, today: string, now: number = Date.now()): Promise<DeliveryPlan> {
  const place = report.villageCode ?? report.townshipCode;
  const [bodies, channels] = await Promise.all([bodiesForAreas(env.DB, areaChain(report.townshipCode)), channelsForPlace(env.DB, place)]);
  const decisions = route(report, ROUTING_RULES, bodies, channels);

  const statements: D1PreparedStatement[] = [];
  const jobIds: string[] = [];
  decisions.forEach((d, seq) => {
    statements.push(
      env.DB.prepare(
        "INSERT INTO routing_decisions (report_id, seq, body_id, channel_id, rule_id, reason, reason_code, reason_params, joined) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      ).bind(
        report.id,
        seq + 1,
        d.body?.id ?? null,
        d.channelId,
        d.ruleId,
        d.reason,
        d.reasonCode,
        JSON.stringify(d.reasonParams),
        d.status === "routed" ? 1 : 0,
      ),
    );
    if (d.status !== "routed" || !d.body) return;
    statements.push(env.DB.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on) VALUES (?1, ?2, 1, ?3)").bind(report.id, d.body.id, today));
    for (const job of jobsForBody(d.body)) {
      const id = crypto.randomUUID();
      jobIds.push(id);
      statements.push(
        env.DB.prepare(
          "INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7)",
        ).bind(id, report.id, d.body.id, job.channel, job.channelIndex, newWebhookId(), now + ENQUEUE_GRACE_MS),
      );
    }
  });

  return {
    statements,
    jobIds,
    decisions: decisions.map((d) => ({
      bodyId: d.body?.id ?? null,
      bodyName: d.body?.name ?? null,
      joined: d.status === "routed",
      channelId: d.channelId,
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
      // The 10-minute cron re-enqueues pending jobs whose next_attempt_at has passed.
    }
  }
}
