/** Single-use tokens of the no-JS report form (migrations/0013_form_tokens.sql). */

export type FormTokenState = "valid" | "spent" | "expired" | "unknown";

export const issueFormToken = (db: D1Database, tokenHash: string, expiresHour: number) =>
  db.prepare("INSERT INTO form_tokens (token_hash, expires_hour) VALUES (?1, ?2)").bind(tokenHash, expiresHour).run();

/** A spent token stays spent after its expiry (until purged), so a late repost is still told so. */
export async function formTokenState(db: D1Database, tokenHash: string, hour: number): Promise<FormTokenState> {
  const row = await db
    .prepare("SELECT spent, expires_hour AS expiresHour FROM form_tokens WHERE token_hash = ?1")
    .bind(tokenHash)
    .first<{ spent: number; expiresHour: number }>();
  if (!row) return "unknown";
  if (row.spent) return "spent";
  return row.expiresHour > hour ? "valid" : "expired";
}

/**
 * Spends the token. Run in the report's own batch: on a spent token `spent` would become 2,
 * the CHECK fails and the whole batch (the report with it) is rolled back.
 */
export const claimFormToken = (db: D1Database, tokenHash: string) =>
  db.prepare("UPDATE form_tokens SET spent = spent + 1 WHERE token_hash = ?1").bind(tokenHash);

/** Spends the token on its own (a submit answered as a replay never ran the report's batch). False when it was spent already. */
export async function spendFormToken(db: D1Database, tokenHash: string): Promise<boolean> {
  try {
    await claimFormToken(db, tokenHash).run();
    return true;
  } catch (err) {
    if (isSpentClaim(err)) return false;
    throw err;
  }
}

/** Whether a failed batch failed on the token's CHECK, i.e. a concurrent post spent it first. */
export const isSpentClaim = (err: unknown): boolean =>
  /CHECK constraint failed/i.test(String(err instanceof Error && err.cause ? `${err.message} ${String(err.cause)}` : err));

/** Deletes tokens expired before `hour` (the daily retention run). */
export const purgeFormTokens = (db: D1Database, hour: number) => db.prepare("DELETE FROM form_tokens WHERE expires_hour <= ?1").bind(hour).run();
