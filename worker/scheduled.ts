/**
 * Cron triggers (wrangler.toml): every 10 minutes, re-enqueue delivery jobs that are not delivered
 * and whose retry time has passed (a lost queue message, a dead-lettered job); at 01:00 UTC
 * (09:00 Beijing), the daily tasks. Test locally:
 *   curl "http://127.0.0.1:8787/cdn-cgi/handler/scheduled?cron=%2A%2F10+%2A+%2A+%2A+%2A"
 */
import { dueJobIds, reclaimJobs } from "./db/delivery.ts";
import { ENQUEUE_GRACE_MS, enqueueJobs } from "./delivery/plan.ts";
import { defaultDeps } from "./delivery/deliver.ts";
import { sendDigests } from "./delivery/digest.ts";
import { purgeExpiredContent } from "./services/retention.ts";
import { purgeContributionFiles } from "./services/contributions.ts";

export const DAILY_CRON = "0 1 * * *";

/** Jobs taken per cron run; the next run takes the rest. */
const REDELIVERY_LIMIT = 500;

type CronEnv = Pick<Env, "DB" | "DELIVERY_QUEUE">;

/**
 * Daily tasks, run one after another; one failing does not stop the others. Other modules add
 * theirs here (the triage digest, retention of evidence and message text).
 */
export const DAILY_TASKS: { name: string; run: (env: Env, ctx: ExecutionContext) => Promise<void> }[] = [
  // Triage digest (issue #6): open, unacknowledged, overdue and nearly-due counts per body.
  { name: "oversight-digest", run: async (env) => void (await sendDigests(env, defaultDeps(env))) },
  // Retention (issue #5): evidence and message text of reports closed long enough ago; counts stay.
  { name: "retention", run: async (env) => void (await purgeExpiredContent(env)) },
  // Contributed files (issue 12): deleted 90 days after the outcome; the row keeps the outcome.
  { name: "contribution-files", run: async (env) => void (await purgeContributionFiles(env)) },
];

/** Puts due jobs back on the queue; returns how many. */
export async function redeliverDueJobs(env: CronEnv, now: number = Date.now()): Promise<number> {
  const ids = await dueJobIds(env.DB, now, REDELIVERY_LIMIT);
  await reclaimJobs(env.DB, ids, now + ENQUEUE_GRACE_MS);
  await enqueueJobs(env, ids);
  return ids.length;
}

export async function runDailyTasks(env: Env, ctx: ExecutionContext, tasks = DAILY_TASKS): Promise<string[]> {
  const failed: string[] = [];
  for (const task of tasks) {
    try {
      await task.run(env, ctx);
    } catch {
      // No details: they could carry report content. The name is enough to look.
      failed.push(task.name);
    }
  }
  if (failed.length > 0) console.error(`scheduled: daily tasks failed: ${failed.join(", ")}`);
  return failed;
}

export async function handleScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  if (controller.cron === DAILY_CRON) await runDailyTasks(env, ctx);
  else await redeliverDueJobs(env);
}
