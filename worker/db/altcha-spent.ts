/** Spent proof-of-work challenges (migrations/0010_altcha_spent.sql): a solved challenge counts once. */

/** Records `signature` as spent; false when it was spent already. */
export async function spendChallenge(db: D1Database, signature: string, expiresOn: string): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO altcha_spent (signature, expires_on) VALUES (?1, ?2) ON CONFLICT (signature) DO NOTHING")
    .bind(signature, expiresOn)
    .run();
  return result.meta.changes === 1;
}
