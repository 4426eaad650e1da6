/**
 * Passkeys of oversight users (migrations/0034_passkeys.sql) and of editors (0053: the account
 * kind picks the tables, as for the sign-in in accounts.ts), and the spent sign-in/registration challenges.
 */
import { RESET_PENDING } from "./account-sql.ts";
import { OVERSIGHT_ACCOUNTS, type AccountKind } from "./accounts.ts";

export interface PasskeyRow {
  credential_id: string;
  user_id: string;
  public_key: string;
  counter: number;
  transports: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

const COLUMNS = "credential_id, user_id, public_key, counter, transports, name, created_at, last_used_at";

export async function listPasskeys(db: D1Database, userId: string, kind = OVERSIGHT_ACCOUNTS): Promise<PasskeyRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM ${kind.passkeys} WHERE user_id = ?1 ORDER BY created_at, credential_id`)
    .bind(userId)
    .all<PasskeyRow>();
  return results;
}

export type PasskeySignInRow = PasskeyRow & { email: string; failed_logins: number; locked_until: number };
/** An oversight user's passkey sign-in row: with the body, for its audit log. */
export type UserPasskeySignInRow = PasskeySignInRow & { body_id: string };

/**
 * A passkey that may sign in to an account of `kind`: its account enabled and not waiting for a
 * password reset. Only that kind's table is read, so another kind's credential is never found.
 */
export function passkeyForSignIn(db: D1Database, credentialId: string): Promise<UserPasskeySignInRow | null>;
export function passkeyForSignIn(db: D1Database, credentialId: string, kind: AccountKind): Promise<PasskeySignInRow | null>;
export function passkeyForSignIn(db: D1Database, credentialId: string, kind = OVERSIGHT_ACCOUNTS): Promise<PasskeySignInRow | null> {
  const body = kind.accounts === "users" ? "u.body_id, " : "";
  return db
    .prepare(
      `SELECT ${COLUMNS.split(", ")
        .map((c) => `p.${c}`)
        .join(", ")}, ${body}u.email, u.failed_logins, u.locked_until
         FROM ${kind.passkeys} p JOIN ${kind.accounts} u ON u.id = p.user_id
        WHERE p.credential_id = ?1 AND u.disabled = 0 AND u.password_hash <> '${RESET_PENDING}'`,
    )
    .bind(credentialId)
    .first<PasskeySignInRow>();
}

/** A passkey sign-in that verified: its signature counter and last use, and the account's failure count cleared. */
export const recordPasskeySignIn = (
  db: D1Database,
  passkey: { credential_id: string; user_id: string },
  counter: number,
  now: number,
  kind = OVERSIGHT_ACCOUNTS,
) =>
  db.batch([
    db.prepare(`UPDATE ${kind.passkeys} SET counter = ?2, last_used_at = ?3 WHERE credential_id = ?1`).bind(passkey.credential_id, counter, now),
    db.prepare(`UPDATE ${kind.accounts} SET failed_logins = 0, locked_until = 0 WHERE id = ?1`).bind(passkey.user_id),
  ]);

export interface NewPasskey {
  credentialId: string;
  userId: string;
  publicKey: string;
  counter: number;
  transports: string;
  name: string;
  now: number;
}

/** Stores a registered passkey; false when that credential is already stored. */
export async function insertPasskey(db: D1Database, p: NewPasskey, kind = OVERSIGHT_ACCOUNTS): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO ${kind.passkeys} (credential_id, user_id, public_key, counter, transports, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (credential_id) DO NOTHING`,
    )
    .bind(p.credentialId, p.userId, p.publicKey, p.counter, p.transports, p.name, p.now)
    .run();
  return result.meta.changes === 1;
}

export const passkeyName = (db: D1Database, credentialId: string, userId: string, kind = OVERSIGHT_ACCOUNTS) =>
  db.prepare(`SELECT name FROM ${kind.passkeys} WHERE credential_id = ?1 AND user_id = ?2`).bind(credentialId, userId).first<string>("name");

export const deletePasskeyStatement = (db: D1Database, credentialId: string, userId: string, kind = OVERSIGHT_ACCOUNTS) =>
  db.prepare(`DELETE FROM ${kind.passkeys} WHERE credential_id = ?1 AND user_id = ?2`).bind(credentialId, userId);

/** Records a challenge as used; false when it was used before (a replay). */
export async function spendChallengeSignature(db: D1Database, signature: string, expiresAt: number): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO passkey_challenges_spent (signature, expires_at) VALUES (?1, ?2) ON CONFLICT (signature) DO NOTHING")
    .bind(signature, expiresAt)
    .run();
  return result.meta.changes === 1;
}

/** Removes spent challenges past their expiry (daily retention run). */
export const purgeSpentChallenges = (db: D1Database, now = Date.now()) =>
  db.prepare("DELETE FROM passkey_challenges_spent WHERE expires_at < ?1").bind(now).run();
