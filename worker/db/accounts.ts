/**
 * Accounts in D1: the sign-in reads and the counter and TOTP-step writes. Each write
 * is one `UPDATE … WHERE` on the value it expects, so concurrent sign-ins cannot undo each
 * other (security M7): the failure counter is incremented by SQL, not read-modify-written, and a
 * TOTP step is taken only if no concurrent sign-in took it (or a later one) first.
 */
import type { Role } from "../domain/lifecycle.ts";

/** Failed sign-ins that lock an account, and for how long. */
export const MAX_FAILED = 5;
export const LOCK_MS = 15 * 60_000;

/**
 * The tables of one kind of account: oversight users (migrations/0030) or editors of the
 * contributions desk (migrations/0052). Both sign in the same way, so the sign-in queries take
 * the kind instead of being copied; the names are constants, never input.
 */
export interface AccountKind {
  accounts: "users" | "editors";
  sessions: "sessions" | "editor_sessions";
  /** Each kind's passkeys in a table of its own (migrations/0034, 0053): a credential never crosses. */
  passkeys: "passkeys" | "editor_passkeys";
}
export const OVERSIGHT_ACCOUNTS: AccountKind = { accounts: "users", sessions: "sessions", passkeys: "passkeys" };
export const EDITOR_ACCOUNTS: AccountKind = { accounts: "editors", sessions: "editor_sessions", passkeys: "editor_passkeys" };

export interface LoginRow {
  id: string;
  password_hash: string;
  totp_secret: string;
  totp_last_step: number;
  failed_logins: number;
  locked_until: number;
}

/** An oversight user's sign-in row: with the body, for its audit log. */
export interface UserLoginRow extends LoginRow {
  body_id: string;
}

export function loginRowByEmail(db: D1Database, email: string): Promise<UserLoginRow | null>;
export function loginRowByEmail(db: D1Database, email: string, kind: AccountKind): Promise<LoginRow | null>;
export function loginRowByEmail(db: D1Database, email: string, kind = OVERSIGHT_ACCOUNTS): Promise<LoginRow | null> {
  const body = kind.accounts === "users" ? "body_id, " : "";
  return db
    .prepare(
      `SELECT id, ${body}password_hash, totp_secret, totp_last_step, failed_logins, locked_until FROM ${kind.accounts} WHERE email = ?1 AND disabled = 0`,
    )
    .bind(email)
    .first<LoginRow>();
}

/** Counts one failed sign-in; the MAX_FAILED-th locks the account for LOCK_MS (and restarts the count). True when it locked. */
export async function countLoginFailure(db: D1Database, userId: string, now: number, kind = OVERSIGHT_ACCOUNTS): Promise<boolean> {
  const row = await db
    .prepare(
      `UPDATE ${kind.accounts} SET
         locked_until = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END
       WHERE id = ?1 RETURNING locked_until`,
    )
    .bind(userId, MAX_FAILED, now + LOCK_MS)
    .first<{ locked_until: number }>();
  return row?.locked_until === now + LOCK_MS;
}

/**
 * Records a password + TOTP sign-in that used TOTP step `step`: only if the step is newer than
 * the last one taken and the account is not locked meanwhile. False when a concurrent sign-in
 * took the step first (a replay) or a lock came in: the caller refuses the sign-in.
 */
export async function takeTotpStep(
  db: D1Database,
  userId: string,
  step: number,
  now: number,
  rehash: string | null,
  kind = OVERSIGHT_ACCOUNTS,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE ${kind.accounts} SET failed_logins = 0, locked_until = 0, totp_last_step = ?2, password_hash = COALESCE(?4, password_hash)
        WHERE id = ?1 AND totp_last_step < ?2 AND locked_until <= ?3`,
    )
    .bind(userId, step, now, rehash)
    .run();
  return result.meta.changes === 1;
}

/** How long a sign-in (or a confirmation of both factors) counts as recent, for adding a passkey (security L7). */
export const REAUTH_MS = 5 * 60_000;

/** Records that this session just proved both factors again. */
export const markReauthenticated = (db: D1Database, sessionHash: string, now: number, kind = OVERSIGHT_ACCOUNTS) =>
  db.prepare(`UPDATE ${kind.sessions} SET reauth_at = ?2 WHERE id_hash = ?1`).bind(sessionHash, now).run();

/** Days a passkey counts as recent when signing out everywhere. */
export const RECENT_PASSKEY_DAYS = 7;

/** Ends every session of an oversight user and, with `removeSince`, deletes the passkeys added since then; returns how many. */
export async function endEverySession(db: D1Database, userId: string, removeSince: number | null): Promise<number> {
  const statements = [db.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(userId)];
  if (removeSince !== null) statements.push(db.prepare("DELETE FROM passkeys WHERE user_id = ?1 AND created_at >= ?2").bind(userId, removeSince));
  const results = await db.batch(statements);
  return results[1]?.meta.changes ?? 0;
}

/** Whether an account has this address (users.email is UNIQUE: one account per address). */
export const emailTaken = async (db: D1Database, email: string): Promise<boolean> =>
  (await db.prepare("SELECT 1 AS taken FROM users WHERE email = ?1").bind(email).first("taken")) !== null;

/** Sessions last 8 hours (one working day), then the account signs in again: the row's expiry and the cookie's max-age. */
export const SESSION_TTL_MS = 8 * 3_600_000;

export const insertSession = (db: D1Database, s: { idHash: string; userId: string; now: number; expiresAt: number }, kind = OVERSIGHT_ACCOUNTS) =>
  db
    .prepare(`INSERT INTO ${kind.sessions} (id_hash, user_id, created_at, expires_at, reauth_at) VALUES (?1, ?2, ?3, ?4, ?3)`)
    .bind(s.idHash, s.userId, s.now, s.expiresAt)
    .run();

export const endSession = (db: D1Database, idHash: string, kind = OVERSIGHT_ACCOUNTS) =>
  db.prepare(`DELETE FROM ${kind.sessions} WHERE id_hash = ?1`).bind(idHash).run();

/**
 * What every signed-in account of a request has, oversight user or editor: the session reads
 * below, with the CSRF token worker/auth/session.ts derives. Here, not in auth/session.ts, so the
 * account services (which may not import the HTTP session module) name the same type.
 */
export interface SessionAccount {
  id: string;
  email: string;
  displayName: string;
  /** CSRF token for this session's forms. */
  csrf: string;
  sessionHash: string;
  /** When this session last proved both factors: its sign-in, or the account page's confirmation (ms). */
  reauthAt: number;
}

export interface SessionUserRow {
  id: string;
  body_id: string;
  body_name: string;
  role: Role;
  display_name: string;
  email: string;
  reauth_at: number;
}

/** The enabled user of an unexpired session. */
export const sessionUserRow = (db: D1Database, idHash: string, now: number) =>
  db
    .prepare(
      `SELECT u.id, u.body_id, b.name AS body_name, u.role, u.display_name, u.email, s.reauth_at
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN oversight_bodies b ON b.id = u.body_id
        WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0`,
    )
    .bind(idHash, now)
    .first<SessionUserRow>();

/** The enabled editor of an unexpired editor session. */
export const sessionEditorRow = (db: D1Database, idHash: string, now: number) =>
  db
    .prepare(
      "SELECT e.id, e.email, s.reauth_at FROM editor_sessions s JOIN editors e ON e.id = s.user_id WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND e.disabled = 0",
    )
    .bind(idHash, now)
    .first<{ id: string; email: string; reauth_at: number }>();

export interface UserListRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  locked_until: number;
}

/** A body's users, for its admins' user list. */
export async function usersOfBody(db: D1Database, bodyId: string): Promise<UserListRow[]> {
  const { results } = await db
    .prepare("SELECT id, email, display_name, role, locked_until FROM users WHERE body_id = ?1 ORDER BY email")
    .bind(bodyId)
    .all<UserListRow>();
  return results;
}

/** A user of the body (an admin acts only on their own body's users). */
export const userOfBody = (db: D1Database, userId: string, bodyId: string) =>
  db.prepare("SELECT id, email, role FROM users WHERE id = ?1 AND body_id = ?2").bind(userId, bodyId).first<{ id: string; email: string; role: string }>();
