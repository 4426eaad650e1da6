/**
 * Signing in and out, for oversight users and editors alike (the session kind picks the tables
 * and the audit log): password + TOTP, or a passkey with user verification; the session row and
 * its audit entry; sign-out and, for oversight users, sign-out everywhere.
 *
 * Failed sign-ins count per account and lock it after MAX_FAILED for LOCK_MS, whichever way;
 * unknown, locked and wrong answers are alike in text and in time (one Argon2 check each,
 * security L11); a TOTP code is taken once (security M7). The service writes D1 and returns the
 * session token; the route sets the cookie (worker/auth/session.ts `setSessionCookie`), so HTTP
 * stays in the route and every write of a sign-in is here.
 */
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Bindings } from "../env.ts";
import { ceremonyChallenge, parseCredential, verifyAssertion } from "../auth/passkeys.ts";
import { hashPassword, needsRehash, verifyPassword } from "../auth/password.ts";
import { keyedHash, randomToken } from "../auth/tokens.ts";
import { verifyTotp } from "../auth/totp.ts";
import { accountAudit, type AccountRef } from "../db/account-audit.ts";
import {
  countLoginFailure,
  endEverySession,
  endSession,
  insertSession,
  loginRowByEmail,
  RECENT_PASSKEY_DAYS,
  SESSION_TTL_MS,
  takeTotpStep,
  type AccountKind,
  type LoginRow,
  type SessionAccount,
} from "../db/accounts.ts";
import { audit } from "../db/audit.ts";
import { passkeyForSignIn, recordPasskeySignIn, spendChallengeSignature, type PasskeySignInRow } from "../db/passkeys.ts";
import { withinRateLimit } from "../lib/rate-limit.ts";

/**
 * Where a kind of account keeps its sessions, as far as a sign-in writes them: its tables and the
 * purpose its token is hashed under (worker/auth/session.ts OVERSIGHT_SESSION, EDITOR_SESSION,
 * which add the cookie the route sets).
 */
export interface SessionKind {
  accounts: AccountKind;
  purpose: string;
}

/** Where a sign-in comes from: the page's URL (the passkey's relying party) and the connecting address (the limiter's key only, never stored). */
export interface SignInRequest {
  url: string;
  address: string | undefined;
}

/**
 * One attempt against LOGIN_LIMITER, for password and passkey alike: per source (the connecting
 * address, as for intake) and per account. Per account alone let one source spray one password
 * over many accounts (security L11).
 */
async function withinLoginLimit(env: Bindings, address: string | undefined, email: string): Promise<boolean> {
  return (
    (await withinRateLimit(env.LOGIN_LIMITER, env, address, "login-source")) &&
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

/** The `login_failed` detail of a refused sign-in of a known account: a wrong answer, or the account locked (before, or by this refusal). */
export interface FailureDetails {
  wrong: string | null;
  locked: string;
}

const PASSWORD_FAILURE: FailureDetails = { wrong: null, locked: "locked" };
const PASSKEY_FAILURE: FailureDetails = { wrong: "passkey", locked: "passkey locked" };

/** An account's sign-in row as its audit entries name it (an oversight user's row carries the body). */
const accountOf = (row: LoginRow & { body_id?: string }): AccountRef => ({ id: row.id, bodyId: row.body_id });
const passkeyAccountOf = (row: PasskeySignInRow & { body_id?: string }): AccountRef => ({ id: row.user_id, bodyId: row.body_id });

/**
 * The account `attempt` signs in to, or null. Each refusal of a known account is audited as
 * `login_failed` with `details` (locked when the account is, or just became, locked). The
 * confirmation before adding a passkey uses it too (worker/services/passkeys.ts).
 */
export async function checkPasswordSignIn(
  db: D1Database,
  kind: AccountKind,
  attempt: SignInAttempt,
  now: number,
  details: FailureDetails = PASSWORD_FAILURE,
): Promise<AccountRef | null> {
  const account = await loginRowByEmail(db, attempt.email, kind);
  const passwordOk = await verifyPassword(attempt.password, account && account.locked_until <= now ? account.password_hash : DUMMY_HASH);
  if (!account) return null;
  if (account.locked_until > now) {
    await accountAudit(db, kind, accountOf(account), "login_failed", details.locked);
    return null;
  }
  const step = passwordOk ? verifyTotp(account.totp_secret, attempt.code, account.totp_last_step, now) : null;
  const rehash = step !== null && needsRehash(account.password_hash) ? await hashPassword(attempt.password) : null;
  // A concurrent sign-in with the same code, or a lock that came in meanwhile, wins (security M7).
  if (step === null || !(await takeTotpStep(db, account.id, step, now, rehash, kind))) {
    await accountAudit(db, kind, accountOf(account), "login_failed", (await countLoginFailure(db, account.id, now, kind)) ? details.locked : details.wrong);
    return null;
  }
  return accountOf(account);
}

/**
 * The account a passkey sign-in form (`credential`, the browser's assertion) signs in to, or why
 * not: 401 (not ours, unknown, locked, not verified) or 429 (rate limit). The challenge must be
 * signed for this kind of account, this origin, unexpired and unused; the passkey is looked up in
 * this kind's table only (a passkey of another kind is unknown here), its account enabled and not
 * waiting for a reset; the assertion needs user verification. A refusal of a known passkey is
 * audited; a verified one records its counter.
 */
async function checkPasskeySignIn(env: Bindings, kind: AccountKind, request: SignInRequest, credential: string, now: number): Promise<AccountRef | 401 | 429> {
  const response = parseCredential<AuthenticationResponseJSON>(credential);
  const challenge = await ceremonyChallenge(env.SESSION_KEY, response, { kind, ceremony: "login", subject: "", url: request.url }, now);
  if (!response || !challenge) return 401;
  const passkey = await passkeyForSignIn(env.DB, response.id, kind);
  if (!passkey) return 401;
  if (!(await withinLoginLimit(env, request.address, passkey.email))) return 429;
  if (passkey.locked_until > now) {
    await accountAudit(env.DB, kind, passkeyAccountOf(passkey), "login_failed", PASSKEY_FAILURE.locked);
    return 401;
  }
  // Spent before it is verified: a challenge is good for one attempt, right or wrong.
  const counter = (await spendChallengeSignature(env.DB, challenge.signature, challenge.expiresAt))
    ? await verifyAssertion(request.url, response, challenge, passkey)
    : null;
  if (counter === null) {
    const locked = await countLoginFailure(env.DB, passkey.user_id, now, kind);
    await accountAudit(env.DB, kind, passkeyAccountOf(passkey), "login_failed", locked ? PASSKEY_FAILURE.locked : PASSKEY_FAILURE.wrong);
    return 401;
  }
  await recordPasskeySignIn(env.DB, passkey, counter, now, kind);
  return passkeyAccountOf(passkey);
}

/** How an account signed in, in its `login` entry: null for the password, else the way or the invite that led there. */
export type SignInWay = null | "passkey" | "password_reset" | "invite_accepted";

/**
 * A successful sign-in: a new session row (only the token's keyed hash is stored) and its `login`
 * audit entry. Returns the token for the route's cookie.
 */
export async function startSession(env: Bindings, session: SessionKind, account: AccountRef, now: number, how: SignInWay = null): Promise<string> {
  const token = randomToken();
  const idHash = await keyedHash(env.SESSION_KEY, session.purpose, token);
  await insertSession(env.DB, { idHash, userId: account.id, now, expiresAt: now + SESSION_TTL_MS }, session.accounts);
  await accountAudit(env.DB, session.accounts, account, "login", how);
  return token;
}

/** The session token of a sign-in, or the status of its refusal (the page says the same for every one). */
export type SignInResult = { token: string } | { refused: 401 | 429 };

/** Sign-in with password + TOTP: the rate limit first, then the check (timing-equalised), the session. */
export async function signInWithPassword(
  env: Bindings,
  session: SessionKind,
  request: SignInRequest,
  attempt: SignInAttempt,
  now = Date.now(),
): Promise<SignInResult> {
  if (!(await withinLoginLimit(env, request.address, attempt.email))) return { refused: 429 };
  const account = await checkPasswordSignIn(env.DB, session.accounts, attempt, now);
  if (!account) return { refused: 401 };
  return { token: await startSession(env, session, account, now) };
}

/** Sign-in with a passkey: the same rate limit, lockout, audit and session as the password sign-in. */
export async function signInWithPasskey(
  env: Bindings,
  session: SessionKind,
  request: SignInRequest,
  credential: string,
  now = Date.now(),
): Promise<SignInResult> {
  const account = await checkPasskeySignIn(env, session.accounts, request, credential, now);
  if (typeof account === "number") return { refused: account };
  return { token: await startSession(env, session, account, now, "passkey") };
}

/** Ends the request's session (by its hash) and audits the `logout`. */
export async function signOut(db: D1Database, session: SessionKind, account: AccountRef & Pick<SessionAccount, "sessionHash">): Promise<void> {
  await endSession(db, account.sessionHash, session.accounts);
  await accountAudit(db, session.accounts, account, "logout");
}

/**
 * Ends every session of an oversight user and, with `removeRecent`, the passkeys added in the last
 * RECENT_PASSKEY_DAYS (someone who held a stolen session could have added one, security L7); both audited.
 */
export async function signOutEverywhere(db: D1Database, user: { id: string; bodyId: string }, removeRecent: boolean, now = Date.now()): Promise<void> {
  const removed = await endEverySession(db, user.id, removeRecent ? now - RECENT_PASSKEY_DAYS * 86_400_000 : null);
  await audit(db, { bodyId: user.bodyId, userId: user.id, action: "logout", detail: "everywhere" });
  if (removed > 0) await audit(db, { bodyId: user.bodyId, userId: user.id, action: "passkey_removed", detail: `logout_everywhere: ${removed}` });
}
