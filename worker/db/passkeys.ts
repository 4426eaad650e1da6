/** Passkeys of oversight accounts and the spent sign-in/registration challenges (migrations/0034_passkeys.sql). */
import { RESET_PENDING } from "./account-sql.ts";

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

export async function listPasskeys(db: D1Database, userId: string): Promise<PasskeyRow[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM passkeys WHERE user_id = ?1 ORDER BY created_at, credential_id`).bind(userId).all<PasskeyRow>();
  return results;
}

export type PasskeySignInRow = PasskeyRow & { body_id: string; email: string; failed_logins: number; locked_until: number };

/** A passkey that may sign in: its user enabled and not waiting for a password reset. */
export const passkeyForSignIn = (db: D1Database, credentialId: string) =>
  db
    .prepare(
      `SELECT ${COLUMNS.split(", ").map((c) => `p.${c}`).join(", ")}, u.body_id, u.email, u.failed_logins, u.locked_until
         FROM passkeys p JOIN users u ON u.id = p.user_id
        WHERE p.credential_id = ?1 AND u.disabled = 0 AND u.password_hash <> '${RESET_PENDING}'`,
    )
    .bind(credentialId)
    .first<PasskeySignInRow>();

/** A passkey sign-in that verified: its signature counter and last use, and the user's failure count cleared. */
export const recordPasskeySignIn = (db: D1Database, passkey: { credential_id: string; user_id: string }, counter: number, now: number) =>
  db.batch([
    db.prepare("UPDATE passkeys SET counter = ?2, last_used_at = ?3 WHERE credential_id = ?1").bind(passkey.credential_id, counter, now),
    db.prepare("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?1").bind(passkey.user_id),
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
export async function insertPasskey(db: D1Database, p: NewPasskey): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO passkeys (credential_id, user_id, public_key, counter, transports, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (credential_id) DO NOTHING")
    .bind(p.credentialId, p.userId, p.publicKey, p.counter, p.transports, p.name, p.now)
    .run();
  return result.meta.changes === 1;
}

export const passkeyName = (db: D1Database, credentialId: string, userId: string) =>
  db.prepare("SELECT name FROM passkeys WHERE credential_id = ?1 AND user_id = ?2").bind(credentialId, userId).first<string>("name");

export const deletePasskeyStatement = (db: D1Database, credentialId: string, userId: string) =>
  db.prepare("DELETE FROM passkeys WHERE credential_id = ?1 AND user_id = ?2").bind(credentialId, userId);

/** Records a challenge as used; false when it was used before (a replay). */
export async function spendChallengeSignature(db: D1Database, signature: string, expiresAt: number): Promise<boolean> {
  const result = await db.prepare("INSERT INTO passkey_challenges_spent (signature, expires_at) VALUES (?1, ?2) ON CONFLICT (signature) DO NOTHING").bind(signature, expiresAt).run();
  return result.meta.changes === 1;
}

/** Removes spent challenges past their expiry (daily retention run). */
export const purgeSpentChallenges = (db: D1Database, now = Date.now()) => db.prepare("DELETE FROM passkey_challenges_spent WHERE expires_at < ?1").bind(now).run();
