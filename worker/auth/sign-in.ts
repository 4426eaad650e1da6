/**
 * The password + TOTP check of a sign-in, and the passkey check, for oversight users and editors
 * alike (the account kind picks the tables): failed sign-ins count per account and lock it after
 * MAX_FAILED for LOCK_MS, whichever way; unknown, locked and wrong answers are alike in text and in
 * time (one Argon2 check each, security L11); a TOTP code is taken once (security M7). The caller
 * audits and answers.
 */
import type { Context } from "hono";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Bindings } from "../env.ts";
import { countLoginFailure, loginRowByEmail, takeTotpStep, type AccountKind, type LoginRow } from "../db/accounts.ts";
import { passkeyForSignIn, recordPasskeySignIn, type PasskeySignInRow } from "../db/passkeys.ts";
import { challengeOf, checkChallenge, parseCredential, passkeyPurpose, relyingParty, spendChallenge, verifyAssertion } from "./passkeys.ts";
import { withinRateLimit } from "../lib/rate-limit.ts";
import { connectingAddress } from "../lib/request.ts";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { keyedHash } from "./tokens.ts";
import { verifyTotp } from "./totp.ts";

/**
 * One attempt against LOGIN_LIMITER, for password and passkey alike: per source (the connecting
 * address, as for intake) and per account. Per account alone let one source spray one password
 * over many accounts (security L11).
 */
export async function withinLoginLimit(c: Context, email: string): Promise<boolean> {
  const env = c.env as Bindings;
  return (
    (await withinRateLimit(env.LOGIN_LIMITER, env, connectingAddress(c), "login-source")) &&
    (await env.LOGIN_LIMITER.limit({ key: await keyedHash(env.SESSION_KEY, "login-limit", email) })).success
  );
}

/** Argon2 work on a hash no password matches, so refusals that need no check take as long as one that does. */
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export interface SignInAttempt {
  email: string;
  password: string;
  code: string;
}

/**
 * The account `attempt` signs in to, or null. Each refusal of a known account goes to `failed`
 * with "locked" when the account is (or just became) locked, so the caller can audit it.
 */
export async function checkPasswordSignIn<R extends LoginRow>(
  db: D1Database,
  kind: AccountKind,
  attempt: SignInAttempt,
  now: number,
  failed: (account: R, detail: "locked" | null) => Promise<void>,
): Promise<R | null> {
  const account = (await loginRowByEmail(db, attempt.email, kind)) as R | null;
  const passwordOk = await verifyPassword(attempt.password, account && account.locked_until <= now ? account.password_hash : DUMMY_HASH);
  if (!account) return null;
  if (account.locked_until > now) {
    await failed(account, "locked");
    return null;
  }
  const step = passwordOk ? verifyTotp(account.totp_secret, attempt.code, account.totp_last_step, now) : null;
  const rehash = step !== null && needsRehash(account.password_hash) ? await hashPassword(attempt.password) : null;
  // A concurrent sign-in with the same code, or a lock that came in meanwhile, wins (security M7).
  if (step === null || !(await takeTotpStep(db, account.id, step, now, rehash, kind))) {
    await failed(account, (await countLoginFailure(db, account.id, now, kind)) ? "locked" : null);
    return null;
  }
  return account;
}

/**
 * The account a passkey sign-in form (`credential`, the browser's assertion) signs in to, or why
 * not: 401 (not ours, unknown, locked, not verified) or 429 (rate limit). The challenge must be
 * signed for this kind of account, this origin, unexpired and unused; the passkey is looked up in
 * this kind's table only (a passkey of another kind is unknown here), its account enabled and not
 * waiting for a reset; the assertion needs user verification. A refusal of a known passkey goes to
 * `failed` with "passkey" or "passkey locked"; a verified one records its counter.
 */
export async function checkPasskeySignIn<R extends PasskeySignInRow>(
  c: Context,
  kind: AccountKind,
  credential: string,
  now: number,
  failed: (account: R, detail: "passkey" | "passkey locked") => Promise<void>,
): Promise<R | 401 | 429> {
  const env = c.env as Bindings;
  const response = parseCredential<AuthenticationResponseJSON>(credential);
  const encoded = response && challengeOf(response);
  const challenge = encoded ? await checkChallenge(env.SESSION_KEY, encoded, passkeyPurpose(kind, "login"), "", relyingParty(c.req.url).origin, now) : null;
  if (!response || !challenge) return 401;
  const passkey = (await passkeyForSignIn(env.DB, response.id, kind)) as R | null;
  if (!passkey) return 401;
  if (!(await withinLoginLimit(c, passkey.email))) return 429;
  if (passkey.locked_until > now) {
    await failed(passkey, "passkey locked");
    return 401;
  }
  // Spent before it is verified: a challenge is good for one attempt, right or wrong.
  const counter = (await spendChallenge(env.DB, challenge)) ? await verifyAssertion(c.req.url, response, challenge, passkey) : null;
  if (counter === null) {
    await failed(passkey, (await countLoginFailure(env.DB, passkey.user_id, now, kind)) ? "passkey locked" : "passkey");
    return 401;
  }
  await recordPasskeySignIn(env.DB, passkey, counter, now, kind);
  return passkey;
}
