/**
 * Invites and password resets of oversight accounts (issue #6): an admin invites an address to
 * their body or resets a user of it; the link, used once and valid INVITE_TTL_MS
 * (worker/db/account-sql.ts), sets a password and enrols TOTP, then signs in. Only the token's
 * keyed hash is stored; the token itself is shown once, to the admin who asked for it.
 */
import type { Bindings } from "../env.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password.ts";
import { keyedHash, randomToken } from "../auth/tokens.ts";
import { newTotpSecret, verifyTotp } from "../auth/totp.ts";
import { InviteInput } from "../domain/account.ts";
import { audit, auditStatement } from "../db/audit.ts";
import type { NewInvite } from "../db/account-sql.ts";
import { emailTaken, userOfBody } from "../db/accounts.ts";
import { acceptInvite as enrol, insertInvite, openInvite, resetCredentialsStatements, type InviteRow } from "../db/invites.ts";
import { AppError, schemaRefusal } from "../lib/errors.ts";
import { startSession, type SessionKind } from "./sign-in.ts";

const inviteHash = (sessionKey: string, token: string) => keyedHash(sessionKey, "invite", token);

/** An invite as its caller names it; the token and its hash, and the expiry, are made here. */
type InviteFor = Omit<NewInvite, "tokenHash" | "now">;

/** The INSERT of an invite (or, with `userId`, a password reset), to batch with its audit entry, and its one-time token. */
async function inviteStatement(db: D1Database, sessionKey: string, opts: InviteFor): Promise<{ token: string; statement: D1PreparedStatement }> {
  const token = randomToken();
  return { token, statement: insertInvite(db, { ...opts, tokenHash: await inviteHash(sessionKey, token), now: Date.now() }) };
}

/**
 * An admin invites an address to their body with a role (the form's values, checked by
 * InviteInput, worker/domain/account.ts): the token, the invite and its audit entry written in
 * one batch. A malformed address or an unknown role is a validation_failed with the fields.
 */
export async function inviteUser(
  db: D1Database,
  sessionKey: string,
  admin: { bodyId: string; id: string },
  form: { email: string; role: string },
): Promise<string> {
  const parsed = InviteInput.safeParse(form);
  if (!parsed.success) throw schemaRefusal(parsed.error.issues);
  const { email, role } = parsed.data;
  const { token, statement } = await inviteStatement(db, sessionKey, { bodyId: admin.bodyId, email, role, createdBy: admin.id });
  await db.batch([statement, auditStatement(db, { bodyId: admin.bodyId, userId: admin.id, action: "invite", detail: `${email} ${role}` })]);
  return token;
}

/**
 * An admin resets a user of their own body: the reset link's token, or null for a user of
 * another body (or none). The reset link, the old password and sessions stopping at once and the
 * audit entry are one batch.
 */
export async function resetUser(db: D1Database, sessionKey: string, admin: { bodyId: string; id: string }, userId: string): Promise<string | null> {
  const target = await userOfBody(db, userId, admin.bodyId);
  if (!target) return null;
  const { token, statement } = await inviteStatement(db, sessionKey, {
    bodyId: admin.bodyId,
    email: target.email,
    role: target.role,
    userId: target.id,
    createdBy: admin.id,
  });
  await db.batch([
    statement,
    ...resetCredentialsStatements(db, target.id),
    auditStatement(db, { bodyId: admin.bodyId, userId: admin.id, action: "password_reset", detail: target.email }),
  ]);
  return token;
}

/** The unused, unexpired invite (or reset) of a link's token; not_found otherwise. */
export async function findInvite(env: Bindings, token: string, now = Date.now()): Promise<InviteRow> {
  const row = await openInvite(env.DB, await inviteHash(env.SESSION_KEY, token), now);
  if (!row) throw new AppError("not_found");
  return row;
}

/** The secret is signed for its invite: it travels in the form, so a page reload cannot swap it for one the invitee did not scan. */
const enrolmentSignature = (sessionKey: string, invite: InviteRow, secret: string) => keyedHash(sessionKey, "totp-enrol", `${invite.token_hash}:${secret}`);

/** A new TOTP secret for the invite page to show, with its signature for the form. */
export async function newEnrolment(sessionKey: string, invite: InviteRow): Promise<{ secret: string; signature: string }> {
  const secret = newTotpSecret();
  return { secret, signature: await enrolmentSignature(sessionKey, invite, secret) };
}

/** What the invitee sent: the signed secret back, a display name (new accounts only), the password and the first code. */
export interface InviteAnswer {
  secret: string;
  signature: string;
  name: string;
  password: string;
  code: string;
}

export type InviteError = { field: string; key: string };

/** Signed in (the session token), or why not: the form's errors (422), or the address has an account already (409). */
export type InviteAcceptance = { token: string } | { refused: "invalid"; errors: InviteError[] } | { refused: "email_taken" };

/**
 * Accepts an invite (a new account) or a reset (new password and TOTP), then signs in with
 * `session`: every other session of the account ends and its passkeys go, audited; the
 * `login` entry says invite_accepted or password_reset. A secret whose signature is not ours is
 * forbidden.
 */
export async function acceptInvite(env: Bindings, session: SessionKind, invite: InviteRow, answer: InviteAnswer, now = Date.now()): Promise<InviteAcceptance> {
  if (answer.signature !== (await enrolmentSignature(env.SESSION_KEY, invite, answer.secret))) throw new AppError("forbidden");
  const errors: InviteError[] = [];
  if (!invite.user_id && !answer.name) errors.push({ field: "name", key: "oversight.invite.name_missing" });
  if ([...answer.password].length < MIN_PASSWORD_LENGTH) errors.push({ field: "password", key: "oversight.invite.password_short" });
  const step = verifyTotp(answer.secret, answer.code, 0);
  if (step === null) errors.push({ field: "code", key: "oversight.invite.code_wrong" });
  if (errors.length || step === null) return { refused: "invalid", errors };
  // An address has one account (users.email is UNIQUE): say so to the invitee instead of a 500 (security L4).
  if (!invite.user_id && (await emailTaken(env.DB, invite.email))) return { refused: "email_taken" };
  const passwordHash = await hashPassword(answer.password);
  const userId = invite.user_id ?? crypto.randomUUID();
  const removedPasskeys = await enrol(env.DB, { invite, userId, displayName: answer.name, passwordHash, totpSecret: answer.secret, totpStep: step, now });
  if (removedPasskeys > 0) await audit(env.DB, { bodyId: invite.body_id, userId, action: "passkey_removed", detail: `password_reset: ${removedPasskeys}` });
  const token = await startSession(env, session, { id: userId, bodyId: invite.body_id }, now, invite.user_id ? "password_reset" : "invite_accepted");
  return { token };
}
