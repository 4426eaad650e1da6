/** Queue consumer for delivery jobs and their dead-letter queue (issue #5). */
export async function handleQueue(_batch: MessageBatch<unknown>, _env: Env, _ctx: ExecutionContext): Promise<void> {}
