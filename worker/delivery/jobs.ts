/**
 * Delivery jobs in one place (architecture P3): which jobs a body gets (its inbox, then each
 * webhook or email channel), their statements (intake's plan and a transfer alike) and putting
 * them on the queue. A queue message carries only the job id, never report content.
 */
import type { Bindings } from "../env.ts";
import type { RoutingBody } from "../domain/routing.ts";
import { ceilHour } from "../domain/delivery-batch.ts";
import { jobStatement } from "../db/delivery.ts";

/** What a delivery queue message carries: only the job id (never report content). */
export interface DeliveryMessage {
  jobId: string;
}

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
  const jobs = jobsForBody(body).map((job) => ({
    ...job,
    id: crypto.randomUUID(),
    reportId,
    bodyId: body.id,
    webhookId: newWebhookId(),
    nextAttemptAt: ceilHour(dueAt),
  }));
  return { statements: jobs.map((job) => jobStatement(db, job)), jobIds: jobs.map((job) => job.id) };
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
