/**
 * Queries for delivery jobs (`delivery_jobs`, migration 0002). Every write is idempotent by its
 * WHERE clause, so a message delivered twice (Queues are at-least-once, and the cron may send a
 * job again) changes nothing the second time. `next_attempt_at` holds only a delivery batch or a
 * whole hour (ceilHour, security M2), never a filing time or the order reports came in.
 */
import { deriveReportStatement } from "./report-cases.ts";
import { addWorkingDays } from "../domain/working-days.ts";
import { ceilHour } from "../domain/delivery-batch.ts";
import type { DeliveryChannelType, DeliveryState, ReportStatus } from "../domain/report-status.ts";
import { BODY_COLUMNS, type BodyRow } from "./bodies.ts";
import type { RoutingReasonCode, RoutingReasonParams } from "../../data/schema/routing-rule.ts";

// ---------------------------------------------------------------------------------------------
// Types

export interface DeliveryJob {
  id: string;
  report_id: string;
  body_id: string;
  channel: DeliveryChannelType;
  channel_index: number;
  webhook_id: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  delivered_on: string | null;
}

/** The report content a channel may carry (never the receipt hash or anything about the reporter). */
export interface DeliveredReport {
  id: string;
  received_on: string;
  township_code: string;
  village_code: string | null;
  imposer_name: string;
  imposer_level: string;
  category: string;
  title: string;
  description: string;
  since_month: string | null;
  hours_per_month: number | null;
  list_status: string;
  duty_item_ref: string | null;
  first_delivered_on: string | null;
  /** Read for the lifecycle's route move only; no channel carries it. */
  status: ReportStatus;
}

// ---------------------------------------------------------------------------------------------
// Reads

/** DeliveryJob's columns, named, as BODY_COLUMNS and REPORT_COLUMNS are: a row holds what its type says. */
const JOB_COLUMNS = "id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, last_error, next_attempt_at, delivered_on";

const REPORT_COLUMNS =
  "id, received_on, township_code, village_code, imposer_name, imposer_level, category, title, description, since_month, hours_per_month, list_status, duty_item_ref, first_delivered_on, status";

/** A job with its body row and its report, read in one round trip (one consistent snapshot). */
export async function jobWithContext(
  db: D1Database,
  jobId: string,
): Promise<{ job: DeliveryJob | null; body: BodyRow | null; report: DeliveredReport | null }> {
  const [job, body, report] = await db.batch([
    db.prepare(`SELECT ${JOB_COLUMNS} FROM delivery_jobs WHERE id = ?1`).bind(jobId),
    db.prepare(`SELECT ${BODY_COLUMNS} FROM oversight_bodies WHERE id = (SELECT body_id FROM delivery_jobs WHERE id = ?1)`).bind(jobId),
    db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = (SELECT report_id FROM delivery_jobs WHERE id = ?1)`).bind(jobId),
  ]);
  return {
    job: (job?.results[0] as DeliveryJob | undefined) ?? null,
    body: (body?.results[0] as BodyRow | undefined) ?? null,
    report: (report?.results[0] as DeliveredReport | undefined) ?? null,
  };
}

/**
 * Undelivered jobs whose time has come (the hourly cron: a delivery batch, a retry), by due hour
 * and then by their random id, so a batch goes out in no order related to filing.
 */
export async function dueJobIds(db: D1Database, now: number, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      "SELECT id FROM delivery_jobs WHERE state IN ('pending', 'failed') AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) ORDER BY next_attempt_at, id LIMIT ?2",
    )
    .bind(now, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Writes

export interface NewJob {
  id: string;
  reportId: string;
  bodyId: string;
  channel: DeliveryChannelType;
  channelIndex: number;
  webhookId: string;
  nextAttemptAt: number;
}

/**
 * A pending job for one channel of one body. Used by intake's plan and by a transfer: a body
 * that held the report before (transferred back) gets its job back as a new delivery, with the
 * new id (the one queued) and a new webhook id, so receivers that deduplicate by webhook id take
 * it (security L6). Retries of one delivery keep their ids; a new delivery never reuses them.
 */
export const jobStatement = (db: D1Database, j: NewJob) =>
  db
    .prepare(
      `INSERT INTO delivery_jobs (id, report_id, body_id, channel, channel_index, webhook_id, state, attempts, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7)
       ON CONFLICT (report_id, body_id, channel, channel_index) DO UPDATE
         SET id = ?1, webhook_id = ?6, state = 'pending', attempts = 0, last_error = NULL, delivered_on = NULL, next_attempt_at = ?7`,
    )
    .bind(j.id, j.reportId, j.bodyId, j.channel, j.channelIndex, j.webhookId, ceilHour(j.nextAttemptAt));

/**
 * The delivery batch (ms) a report still waits for: its earliest undelivered inbox job, or null
 * once every body's inbox has it (the next-steps page: «将于 … 送达» or «已送达»).
 */
export const pendingBatch = (db: D1Database, reportId: string): Promise<number | null> =>
  db
    .prepare("SELECT min(next_attempt_at) AS batch FROM delivery_jobs WHERE report_id = ?1 AND channel = 'inbox' AND state <> 'delivered'")
    .bind(reportId)
    .first<number | null>("batch");

/** One routing decision as stored (its order `seq` from 1). */
export const routingDecisionStatement = (
  db: D1Database,
  d: {
    reportId: string;
    seq: number;
    bodyId: string | null;
    channelId: string | null;
    ruleId: string;
    reason: string;
    reasonCode: RoutingReasonCode | null;
    reasonParams: RoutingReasonParams;
    joined: boolean;
  },
) =>
  db
    .prepare(
      "INSERT INTO routing_decisions (report_id, seq, body_id, channel_id, rule_id, reason, reason_code, reason_params, joined) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(d.reportId, d.seq, d.bodyId, d.channelId, d.ruleId, d.reason, d.reasonCode, JSON.stringify(d.reasonParams), d.joined ? 1 : 0);

/** The routed body's first (active) assignment; deadlines are set on its inbox delivery. */
export const assignmentStatement = (db: D1Database, reportId: string, bodyId: string, today: string) =>
  db.prepare("INSERT INTO report_assignments (report_id, body_id, active, assigned_on) VALUES (?1, ?2, 1, ?3)").bind(reportId, bodyId, today);

/** Marks a job delivered: exact times are dropped (next_attempt_at), only the day is kept. */
export const markDelivered = (db: D1Database, jobId: string, today: string) =>
  db
    .prepare(
      "UPDATE delivery_jobs SET state = 'delivered', delivered_on = ?2, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL WHERE id = ?1 AND state <> 'delivered'",
    )
    .bind(jobId, today);

/**
 * Delivery to the body's triage inbox: the job, the assignment's deadlines (from the report's
 * first delivery, which never resets), the report's first delivery day, the lifecycle's `route`
 * move when transition() allowed it (`route`), and the events, all in one batch. Each statement
 * is guarded (the move by its from-status), so running it again writes nothing new.
 */
export function inboxDeliveryStatements(
  db: D1Database,
  job: Pick<DeliveryJob, "id" | "report_id" | "body_id">,
  body: { ackDays: number; concludeDays: number },
  firstDeliveredOn: string | null,
  today: string,
  route: { from: ReportStatus; to: ReportStatus } | null,
): D1PreparedStatement[] {
  const start = firstDeliveredOn ?? today;
  const event = (kind: string, from: string | null, to: string | null, bodyId: string | null, guard: string) =>
    db
      .prepare(
        `INSERT INTO report_events (report_id, seq, on_day, kind, from_status, to_status, body_id, actor)
         SELECT ?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM report_events WHERE report_id = ?1), ?2, ?3, ?4, ?5, ?6, 'system' WHERE ${guard}`,
      )
      .bind(job.report_id, today, kind, from, to, bodyId);
  const move = route
    ? [
        event("route", route.from, route.to, job.body_id, "EXISTS (SELECT 1 FROM report_assignments WHERE report_id = ?1 AND body_id = ?6 AND status = ?4)"),
        // The body's own case is routed; the report follows its least advanced case.
        db
          .prepare("UPDATE report_assignments SET status = ?4 WHERE report_id = ?1 AND body_id = ?2 AND status = ?3")
          .bind(job.report_id, job.body_id, route.from, route.to),
        deriveReportStatement(db, job.report_id),
      ]
    : [];
  return [
    markDelivered(db, job.id, today),
    db
      .prepare(
        "UPDATE report_assignments SET delivered_on = ?3, ack_due_on = ?4, conclude_due_on = ?5 WHERE report_id = ?1 AND body_id = ?2 AND delivered_on IS NULL",
      )
      .bind(job.report_id, job.body_id, today, addWorkingDays(start, body.ackDays), addWorkingDays(start, body.concludeDays)),
    db.prepare("UPDATE reports SET first_delivered_on = ?2 WHERE id = ?1 AND first_delivered_on IS NULL").bind(job.report_id, today),
    ...move,
    event("delivered", null, null, job.body_id, "NOT EXISTS (SELECT 1 FROM report_events WHERE report_id = ?1 AND kind = 'delivered' AND body_id = ?6)"),
  ];
}

/** A failed attempt: counted, with the error code (never report content) and the next retry hour. */
export const recordFailure = (db: D1Database, jobId: string, error: string, nextAttemptAt: number) =>
  db
    .prepare("UPDATE delivery_jobs SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1 AND state <> 'delivered'")
    .bind(jobId, error, ceilHour(nextAttemptAt))
    .run();

/** The queue gave up (dead-letter queue): the job is `failed` until the cron tries again. */
export const markFailed = (db: D1Database, jobId: string, nextAttemptAt: number) =>
  db
    .prepare(
      "UPDATE delivery_jobs SET state = 'failed', last_error = COALESCE(last_error, 'dead_lettered'), next_attempt_at = ?2 WHERE id = ?1 AND state <> 'delivered'",
    )
    .bind(jobId, ceilHour(nextAttemptAt))
    .run();

/** The cron takes jobs back: pending again, not due again until the queue has had its chance. */
export async function reclaimJobs(db: D1Database, ids: string[], nextAttemptAt: number): Promise<void> {
  if (ids.length === 0) return;
  await db.batch(
    ids.map((id) =>
      db.prepare("UPDATE delivery_jobs SET state = 'pending', next_attempt_at = ?2 WHERE id = ?1 AND state <> 'delivered'").bind(id, ceilHour(nextAttemptAt)),
    ),
  );
}
