/**
 * What a post of a no-JS form pays before anything is filed (security M6; worker/domain/abuse.ts
 * has the why), the same for the report form and the hand-in form: a solved challenge is checked
 * and spent (one limiter token); without one the post costs NO_JS_COST limiter tokens and one
 * from each of the day's no-proof-of-work budgets, its source's and its county's (the caps of
 * `noPowCaps`). The budgets are taken in that order and the county's only when the source's held.
 */
import type { Bindings } from "../env.ts";
import { noJsCost, noJsScopes, noPowCaps, protectionDisabled, type NoJsForm } from "../domain/abuse.ts";
import { takeDailyQuota } from "../db/no-pow.ts";
import { withinRateLimit } from "../lib/rate-limit.ts";
import { verifyProofOfWork } from "./proof-of-work.ts";

/** Passed (`unpaid`: filed without proof of work, so counted for the bodies' digest), or which limit refused the post. */
export type FormGate = { passed: true; unpaid: boolean } | { passed: false; refused: "rate_limited" | "source" | "county" };

export interface GatedPost {
  form: NoJsForm;
  /** The ALTCHA payload, when the page's script solved the challenge. */
  altcha: string | undefined;
  /** The connecting address: for the limiter keys only, never stored. */
  address: string | undefined;
  countyCode: string;
  /** The Beijing day the budgets count (the caller's, so a report's digest count falls on the same day). */
  today: string;
}

export async function passFormGate(env: Bindings, post: GatedPost): Promise<FormGate> {
  const scopes = noJsScopes(post.form, env.RATE_KEY, post.address, post.countyCode, post.today);
  const solved = await verifyProofOfWork(env, post.altcha);
  if (!(await withinRateLimit(env.INTAKE_LIMITER, env, post.address, scopes.limiter, solved ? 1 : noJsCost(env))))
    return { passed: false, refused: "rate_limited" };
  const unpaid = !solved && !protectionDisabled(env);
  if (unpaid) {
    const caps = noPowCaps(env);
    if (!(await takeDailyQuota(env.DB, post.today, scopes.source, caps.source))) return { passed: false, refused: "source" };
    if (!(await takeDailyQuota(env.DB, post.today, scopes.county, caps.county))) return { passed: false, refused: "county" };
  }
  return { passed: true, unpaid };
}
