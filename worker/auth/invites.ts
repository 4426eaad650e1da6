/**
 * Invites and password resets of oversight accounts (issue #6): one link, used once, valid
 * INVITE_TTL_MS (worker/db/invites.ts). Only the token's keyed hash is stored; the token itself
 * is shown once, to the admin who asked for it.
 */
import { auditStatement, audit } from "../db/audit.ts";
import { userOfBody } from "../db/accounts.ts";
import { insertInvite, resetCredentialsStatements } from "../db/invites.ts";
import { keyedHash, randomToken } from "./tokens.ts";

/** Creates an invite (or, with `userId`, a password reset) and returns the one-time token. */
export async function createInvite(db: D1Database, sessionKey: string, opts: { bodyId: string; email: string; role: string; userId?: string; createdBy: string | null }): Promise<string> {
  const token = randomToken();
  await insertInvite(db, { ...opts, tokenHash: await keyedHash(sessionKey, "invite", token), now: Date.now() }).run();
  return token;
}

/** An admin invites `email` to their body with `role`: the token, with the invite audited. */
export async function inviteUser(db: D1Database, sessionKey: string, admin: { bodyId: string; id: string }, email: string, role: string): Promise<string> {
  const token = await createInvite(db, sessionKey, { bodyId: admin.bodyId, email, role, createdBy: admin.id });
  await audit(db, { bodyId: admin.bodyId, userId: admin.id, action: "invite", detail: `${email} ${role}` });
  return token;
}

/**
 * An admin resets a user of their own body: the reset link's token, or null for a user of
 * another body (or none). The old password and sessions stop working at once, in one batch with the audit.
 */
export async function resetUser(db: D1Database, sessionKey: string, admin: { bodyId: string; id: string }, userId: string): Promise<string | null> {
  const target = await userOfBody(db, userId, admin.bodyId);
  if (!target) return null;
  const token = await createInvite(db, sessionKey, { bodyId: admin.bodyId, email: target.email, role: target.role, userId: target.id, createdBy: admin.id });
  await db.batch([...resetCredentialsStatements(db, target.id), auditStatement(db, { bodyId: admin.bodyId, userId: admin.id, action: "password_reset", detail: target.email })]);
  return token;
}
