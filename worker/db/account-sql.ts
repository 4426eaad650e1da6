/**
 * Account statements as SQL text and bindings, in plain TypeScript without Workers types, so
 * the worker (worker/db/invites.ts) and `npm run admin` (scripts/admin.ts, through `wrangler d1
 * execute`) share one invite and one reset, as worker/db/body-sql.ts does for bodies.
 */
import { inline, sql } from "./sql-literal.ts";

/** The password of an account whose reset is pending: matches no password, stops passkey sign-in. */
export const RESET_PENDING = "!reset";

/** How long an invite or password-reset link stays valid (the pages and `npm run admin`). */
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export interface NewInvite {
  tokenHash: string;
  bodyId: string;
  email: string;
  role: string;
  /** Set for a password reset: the account the invite resets. */
  userId?: string | null;
  /** The admin who invited, or "cli" for `npm run admin`. */
  createdBy: string | null;
  now: number;
}

export const INSERT_INVITE = "INSERT INTO invites (token_hash, body_id, email, role, user_id, created_by, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

export const inviteBindings = (i: NewInvite) =>
  [i.tokenHash, i.bodyId, i.email.toLowerCase(), i.role, i.userId ?? null, i.createdBy, i.now + INVITE_TTL_MS] as const;

/**
 * A reset: every session of the account ends and its password becomes RESET_PENDING, so the old
 * password and its passkeys stop working at once; the invite then sets new ones. Bound to ?1 = user id.
 */
export const RESET_CREDENTIALS = ["DELETE FROM sessions WHERE user_id = ?1", `UPDATE users SET password_hash = '${RESET_PENDING}' WHERE id = ?1`] as const;

export const insertInviteSql = (invite: NewInvite) => `${inline(INSERT_INVITE, inviteBindings(invite))};`;

export const resetCredentialsSql = (userId: string) => RESET_CREDENTIALS.map((s) => `${inline(s, [userId])};`).join(" ");

/** The body `npm run admin -- create-admin` invites for, as SQL text: its name and joined flag. */
export const adminBodySql = (bodyId: string) => `SELECT name, joined FROM oversight_bodies WHERE id = ${sql(bodyId)}`;

/**
 * Why no admin may be invited for this body (the row of `adminBodySql`), or null: a body that has
 * not joined gets no account, since nothing reaches it (issue 10 item 4; it joins by `joined: true`
 * in data/oversight-bodies/, `npm run load:bodies` and a deploy).
 */
export function adminBodyRefusal(bodyId: string, body: { name: string; joined: number } | undefined): string | null {
  if (!body) return `admin: no oversight body ${bodyId}`;
  if (body.joined !== 1)
    return `admin: ${body.name} (${bodyId}) has not joined: set joined: true in data/oversight-bodies/, run npm run load:bodies (and deploy), then create its admin`;
  return null;
}

/** A new editor (migrations/0052) as SQL text, for `npm run admin -- create-editor` (worker/auth/editor-account.ts). */
export const insertEditorSql = (e: { id: string; email: string; passwordHash: string; totpSecret: string; now: number }) =>
  `${inline("INSERT INTO editors (id, email, password_hash, totp_secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", [e.id, e.email.toLowerCase(), e.passwordHash, e.totpSecret, e.now])};`;

/** The editor with this address, as an SQL subquery (statements below are bound to an address, not an id). */
const editorByEmail = (email: string) => `(SELECT id FROM editors WHERE email = ${sql(email.toLowerCase())})`;

/** An editor_audit entry by the operator (`npm run admin`), kept to the hour as the worker's (worker/db/editor-audit.ts). */
const operatorAuditSql = (email: string, action: "disabled" | "reset") =>
  `INSERT INTO editor_audit (editor_id, at, action, detail) SELECT id, (CAST(strftime('%s', 'now') AS INTEGER) / 3600) * 3600000, '${action}', 'cli' FROM editors WHERE email = ${sql(email.toLowerCase())};`;

/**
 * `npm run admin -- disable-editor`: the editor can no longer sign in (password or passkey: both
 * read only enabled editors) and every session ends at once; audited. Nothing is deleted.
 */
export const disableEditorSql = (email: string) =>
  [
    `UPDATE editors SET disabled = 1 WHERE email = ${sql(email.toLowerCase())};`,
    `DELETE FROM editor_sessions WHERE user_id = ${editorByEmail(email)};`,
    operatorAuditSql(email, "disabled"),
  ].join(" ");

/**
 * `npm run admin -- reset-editor`, as an oversight user's password reset: a new password and TOTP
 * secret (worker/auth/editor-account.ts), every session ends, the passkeys are deleted and the
 * lock is lifted; audited. A disabled editor stays disabled.
 */
export const resetEditorSql = (e: { email: string; passwordHash: string; totpSecret: string }) =>
  [
    `DELETE FROM editor_sessions WHERE user_id = ${editorByEmail(e.email)};`,
    `DELETE FROM editor_passkeys WHERE user_id = ${editorByEmail(e.email)};`,
    `UPDATE editors SET password_hash = ${sql(e.passwordHash)}, totp_secret = ${sql(e.totpSecret)}, totp_last_step = 0, failed_logins = 0, locked_until = 0 WHERE email = ${sql(e.email.toLowerCase())};`,
    operatorAuditSql(e.email, "reset"),
  ].join(" ");
