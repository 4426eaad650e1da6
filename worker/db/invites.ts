/**
 * Invites and password resets of oversight accounts. The invite and the reset statements are
 * worker/db/account-sql.ts's, which `npm run admin` runs as SQL text.
 */
import { INSERT_INVITE, inviteBindings, RESET_CREDENTIALS, type NewInvite } from "./account-sql.ts";

export const insertInvite = (db: D1Database, invite: NewInvite) => db.prepare(INSERT_INVITE).bind(...inviteBindings(invite));

export const resetCredentialsStatements = (db: D1Database, userId: string) => RESET_CREDENTIALS.map((s) => db.prepare(s).bind(userId));

export interface InviteRow {
  token_hash: string;
  body_id: string;
  email: string;
  role: string;
  user_id: string | null;
}

/** An unused, unexpired invite by its token's keyed hash. */
export const openInvite = (db: D1Database, tokenHash: string, now: number) =>
  db
    .prepare("SELECT token_hash, body_id, email, role, user_id FROM invites WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2")
    .bind(tokenHash, now)
    .first<InviteRow>();

export interface Enrolment {
  invite: InviteRow;
  userId: string;
  displayName: string;
  passwordHash: string;
  totpSecret: string;
  totpStep: number;
  now: number;
}

/**
 * Accepts an invite (a new account) or a reset (new password and TOTP) in one batch: every
 * session of the account ends and its passkeys go (they stopped signing in when the reset was
 * issued), and the invite is used. Returns how many passkeys were removed.
 */
export async function acceptInvite(db: D1Database, e: Enrolment): Promise<number> {
  const account = e.invite.user_id
    ? db
        .prepare("UPDATE users SET password_hash = ?2, totp_secret = ?3, totp_last_step = ?4, failed_logins = 0, locked_until = 0 WHERE id = ?1")
        .bind(e.userId, e.passwordHash, e.totpSecret, e.totpStep)
    : db
        .prepare(
          "INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, totp_last_step, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(e.userId, e.invite.body_id, e.invite.email, e.displayName, e.invite.role, e.passwordHash, e.totpSecret, e.totpStep, e.now);
  const results = await db.batch([
    account,
    db.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(e.userId),
    db.prepare("DELETE FROM passkeys WHERE user_id = ?1").bind(e.userId),
    db.prepare("UPDATE invites SET used_at = ?2 WHERE token_hash = ?1").bind(e.invite.token_hash, e.now),
  ]);
  return results[2]?.meta.changes ?? 0;
}
