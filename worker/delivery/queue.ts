/**
 * Queue consumer for delivery jobs and their dead-letter queue (wrangler.toml: max_retries 8,
 * dead_letter_queue `…-dlq`). A message carries only a job id. Success acks; a failure is
 * counted on the job (attempts, last_error, next retry time) and retried with exponential
 * backoff; after the last retry Queues moves the message to the dead-letter queue, whose consumer
 * marks the job `failed`; the hourly cron (worker/scheduled.ts) tries failed jobs again later.
 */
import { markFailed, recordFailure } from "../db/delivery.ts";
import { deliverJob, defaultDeps, type DeliveryDeps, type DeliveryEnv } from "./deliver.ts";
import { errorCode } from "./errors.ts";
import { ENQUEUE_GRACE_MS, type DeliveryMessage } from "./jobs.ts";

/** Retry delay after the n-th attempt (1-based): 30 s, 1 min, 2 min … capped at 1 hour. */
export const backoffSeconds = (attempt: number) => Math.min(30 * 2 ** Math.max(attempt - 1, 0), 3600);

/** A failed job waits this long before the cron sends it again. */
export const FAILED_RETRY_MS = 60 * 60_000;

const isDeliveryMessage = (body: unknown): body is DeliveryMessage =>
  typeof body === "object" && body !== null && typeof (body as { jobId?: unknown }).jobId === "string";

async function consumeDelivery(message: Message<unknown>, env: DeliveryEnv, deps: DeliveryDeps): Promise<void> {
  if (!isDeliveryMessage(message.body)) return message.ack();
  try {
    await deliverJob(env, message.body.jobId, deps);
    message.ack();
  } catch (err) {
    const delaySeconds = backoffSeconds(message.attempts);
    try {
      await recordFailure(env.DB, message.body.jobId, errorCode(err), deps.now() + delaySeconds * 1000 + ENQUEUE_GRACE_MS);
    } catch {
      // D1 itself failed: the retry below still happens, and the job stays pending for the cron.
    }
    message.retry({ delaySeconds });
  }
}

async function consumeDeadLetter(message: Message<unknown>, env: DeliveryEnv, deps: DeliveryDeps): Promise<void> {
  if (!isDeliveryMessage(message.body)) return message.ack();
  try {
    await markFailed(env.DB, message.body.jobId, deps.now() + FAILED_RETRY_MS);
    message.ack();
  } catch {
    message.retry({ delaySeconds: 60 });
  }
}

export const isDeadLetterQueue = (queue: string) => queue.endsWith("-dlq");

export async function handleQueue(
  batch: MessageBatch<unknown>,
  env: DeliveryEnv,
  _ctx: ExecutionContext,
  deps: DeliveryDeps = defaultDeps(env),
): Promise<void> {
  const consume = isDeadLetterQueue(batch.queue) ? consumeDeadLetter : consumeDelivery;
  await Promise.all(batch.messages.map((message) => consume(message, env, deps)));
}
