/**
 * One hourly cron trigger (wrangler.toml). Each run enqueues every delivery job whose time has
 * come: the jobs of a delivery batch (worker/domain/delivery-batch.ts, security M1), retries,
 * lost queue messages, dead-lettered jobs. At 09:00 Beijing the daily tasks follow the batch, so
 * the digest counts what the batch just delivered. Run a batch now, locally (README "Try it"):
 * pass the batch's time (`time`, Unix seconds) to the cron endpoint, e.g.
 *   curl "http://127.0.0.1:8787/cdn-cgi/handler/scheduled?cron=0+*+*+*+*&time=$(( ($(date +%s) + 7 * 86400) * 1000 ))"
 */
import { dueJobIds, reclaimJobs } from "./db/delivery.ts";
import { beijingHour } from "./domain/delivery-batch.ts";
import { ENQUEUE_GRACE_MS, enqueueJobs } from "./delivery/jobs.ts";
import { defaultDeps } from "./delivery/deliver.ts";
import { sendDigests } from "./delivery/digest.ts";
import { purgeExpiredContent } from "./services/retention.ts";
import { purgeContributionFiles } from "./services/contributions.ts";
import { applyDueReopens } from "./services/transition.ts";
import { forwardWaitingReports } from "./services/forwarding.ts";
import { moveStagedEvidence } from "./services/evidence-batch.ts";

/** Runs the daily tasks alone (tests, operators). */
export const DAILY_CRON = "0 1 * * *";
/** The Beijing hour whose run also does the daily tasks (digest, retention). */
export const DAILY_TASKS_HOUR = 9;

/** Jobs taken per round; a run takes rounds until no job is due, at most REDELIVERY_ROUNDS. */
const REDELIVERY_LIMIT = 500;
const REDELIVERY_ROUNDS = 20;

type CronEnv = Pick<Env, "DB" | "DELIVERY_QUEUE">;

/**
 * Daily tasks, run one after another; one failing does not stop the others. Other modules add
 * theirs here (the triage digest, retention of evidence and message text). `now` is the cron's
 * scheduled time (ms).
 */
export const DAILY_TASKS: { name: string; run: (env: Env, ctx: ExecutionContext, now: number) => Promise<void> }[] = [
  // Triage digest (issue #6): open, unacknowledged, overdue and nearly-due counts per body.
  { name: "oversight-digest", run: async (env) => void (await sendDigests(env, defaultDeps(env))) },
  // Retention (issue #5): evidence and message text of reports closed long enough ago; counts stay.
  { name: "retention", run: async (env) => void (await purgeExpiredContent(env)) },
  // Contributed files (issue 12): deleted 90 days after the outcome; the row keeps the outcome.
  { name: "contribution-files", run: async (env) => void (await purgeContributionFiles(env)) },
  // Consent to forwarding (issue 10 item 4): waiting reports go to a body that joined, in the next batch.
  { name: "forward-to-joined", run: async (env, _ctx, now) => void (await forwardWaitingReports(env, now)) },
];

/**
 * Puts every due job on the queue (a delivery batch at `now`); returns how many. Reclaimed jobs
 * are not due again within the grace time, so each round takes new ones.
 */
export async function redeliverDueJobs(env: CronEnv, now: number = Date.now()): Promise<number> {
  let total = 0;
  for (let round = 0; round < REDELIVERY_ROUNDS; round++) {
    const ids = await dueJobIds(env.DB, now, REDELIVERY_LIMIT);
    await reclaimJobs(env.DB, ids, now + ENQUEUE_GRACE_MS);
    await enqueueJobs(env, ids);
    total += ids.length;
    if (ids.length < REDELIVERY_LIMIT) break;
  }
  return total;
}

export async function runDailyTasks(env: Env, ctx: ExecutionContext, tasks = DAILY_TASKS, now: number = Date.now()): Promise<string[]> {
  const failed: string[] = [];
  for (const task of tasks) {
    try {
      await task.run(env, ctx, now);
    } catch {
      // No details: they could carry report content. The name is enough to look.
      failed.push(task.name);
    }
  }
  if (failed.length > 0) console.error(`scheduled: daily tasks failed: ${failed.join(", ")}`);
  return failed;
}

export async function handleScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  if (controller.cron === DAILY_CRON) return void (await runDailyTasks(env, ctx, DAILY_TASKS, controller.scheduledTime));
  // Reporters' reopen requests reach the bodies in the same batch as new reports (security M1).
  await applyDueReopens(env, controller.scheduledTime);
  // Evidence is written to its final key in its report's batch, before the bodies hear of it (L10).
  await moveStagedEvidence(env, controller.scheduledTime);
  await redeliverDueJobs(env, controller.scheduledTime);
  if (beijingHour(controller.scheduledTime) === DAILY_TASKS_HOUR) await runDailyTasks(env, ctx, DAILY_TASKS, controller.scheduledTime);
}
