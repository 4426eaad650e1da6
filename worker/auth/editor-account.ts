/**
 * A new editor for `npm run admin -- create-editor`, and new credentials for `reset-editor`: a generated password and TOTP secret, shown
 * once by the script, and the row as SQL text (worker/db/account-sql.ts). Editors have no invite:
 * the operator hands the password and the secret over, as with any credential.
 */
import { insertEditorSql, resetEditorSql } from "../db/account-sql.ts";
import { hashPassword } from "./password.ts";
import { randomToken } from "./tokens.ts";
import { newTotpSecret } from "./totp.ts";

async function newCredentials() {
  const password = randomToken();
  return { password, passwordHash: await hashPassword(password), totpSecret: newTotpSecret() };
}

export async function newEditorSql(email: string, now: number): Promise<{ sql: string; password: string; totpSecret: string }> {
  const { password, passwordHash, totpSecret } = await newCredentials();
  return { sql: insertEditorSql({ id: crypto.randomUUID(), email, passwordHash, totpSecret, now }), password, totpSecret };
}

/** New credentials for an editor (sessions end, passkeys go: worker/db/account-sql.ts `resetEditorSql`). */
export async function resetEditorCredentialsSql(email: string): Promise<{ sql: string; password: string; totpSecret: string }> {
  const { password, passwordHash, totpSecret } = await newCredentials();
  return { sql: resetEditorSql({ email, passwordHash, totpSecret }), password, totpSecret };
}
