/**
 * The contract between intake and delivery (issue #5). Intake builds the report INSERT and adds
 * `plan.statements` to the same D1 batch (so report, routing and delivery jobs are written
 * together before any receipt is shown). The jobs wait, `pending`, until their delivery batch
 * (`plan.batchAt`, worker/domain/delivery-batch.ts, security M1): the hourly cron
 * (worker/scheduled.ts) enqueues every job whose time has come, so nothing reaches a body at
 * the moment of filing and a report is never lost between D1 and the queue. A transfer (an
 * official's own action) enqueues its jobs at once with `enqueueJobs` (worker/delivery/jobs.ts).
 *
 * @example
 * const plan = await planDelivery(c.env, report, today, nextBatch(Date.now(), batchSchedule(c.env)));
 * await c.env.DB.batch([insertReport, ...plan.statements]);
 */
import type { Bindings } from "../env.ts";
import type { ImposerLevel, ReportCategory } from "../../data/schema/report-category.ts";
import { RoutingRules } from "../../data/schema/routing-rule.ts";
import { bodyAreasFor, route, type RoutingBody, type RoutingChannel, type RoutingOutcome } from "../domain/routing.ts";
import { bodiesForAreasRead, channelsForPlaceRead } from "../db/bodies.ts";
import { readTogether } from "../db/batch-read.ts";
import { assignmentStatement, routingDecisionStatement } from "../db/delivery.ts";
import { jobStatementsFor } from "./jobs.ts";
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

/** The routing rules, validated once per isolate (data/routing-rules.yaml → `npm run gen:routing`). */
export const ROUTING_RULES = RoutingRules.parse(rulesJson).rules;

/** What routing reads: the bodies over the report's area chain and the channels of its place. */
export interface RoutingData {
  bodies: RoutingBody[];
  channels: RoutingChannel[];
}

/**
 * The reads routing needs, for a caller that runs them in its own batch (intake: with its
 * checks, one round trip, worker/services/intake.ts); `planDelivery` runs them alone.
 */
export const routingReads = (db: D1Database, report: Pick<ReportForRouting, "townshipCode" | "villageCode">) => ({
  bodies: bodiesForAreasRead(db, bodyAreasFor(report.townshipCode)),
  channels: channelsForPlaceRead(db, report.villageCode ?? report.townshipCode),
});

/**
 * Routing and the pending jobs of a new report, due in its delivery batch `batchAt` (ms). The
 * decisions are numbered from `firstSeq`: a report forwarded later to a body that joined keeps
 * its first decisions (worker/services/forwarding.ts).
 */
export async function planDelivery(env: Pick<Bindings, "DB">, report: ReportForRouting, today: string, batchAt: number, firstSeq = 1): Promise<DeliveryPlan> {
  return planFrom(env.DB, report, await readTogether(env.DB, routingReads(env.DB, report)), today, batchAt, firstSeq);
}

/** As `planDelivery`, from routing's reads already made (`routingReads`). */
export function planFrom(
  db: D1Database,
  report: ReportForRouting,
  { bodies, channels }: RoutingData,
  today: string,
  batchAt: number,
  firstSeq = 1,
): DeliveryPlan {
  const decisions = route(report, ROUTING_RULES, bodies, channels);

  const statements: D1PreparedStatement[] = [];
  const jobIds: string[] = [];
  decisions.forEach((d, seq) => {
    const joined = d.status === "routed";
    statements.push(
      routingDecisionStatement(db, {
        reportId: report.id,
        seq: firstSeq + seq,
        bodyId: d.body?.id ?? null,
        channelId: d.channelId,
        ruleId: d.ruleId,
        reason: d.reason,
        reasonCode: d.reasonCode,
        reasonParams: d.reasonParams,
        joined,
      }),
    );
    if (!joined || !d.body) return;
    statements.push(assignmentStatement(db, report.id, d.body.id, today));
    const jobs = jobStatementsFor(db, report.id, d.body, batchAt);
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
