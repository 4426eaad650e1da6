/**
 * The rate-limit gate (worker/domain/abuse.ts has the why): one call of a Workers rate-limiting
 * binding per token, keyed by the day's keyed hash of the client. The address is used for the
 * key only: never stored or logged.
 */
import { protectionDisabled, rateLimitKey, type AbuseEnv } from "../domain/abuse.ts";

/** The Workers rate-limiting binding, as far as we use it. */
interface Limiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** Takes `cost` tokens from the limiter; false when the caller is over the limit. */
export async function withinRateLimit(limiter: Limiter, env: AbuseEnv, address: string | undefined, scope: string, cost = 1): Promise<boolean> {
  if (protectionDisabled(env)) return true;
  const key = `${scope}:${rateLimitKey(env.RATE_KEY, address ?? "unknown")}`;
  for (let i = 0; i < cost; i++) {
    const { success } = await limiter.limit({ key });
    if (!success) return false;
  }
  return true;
}
