/**
 * A new editor for `npm run admin -- create-editor`: a generated password and TOTP secret, shown
 * once by the script, and the row as SQL text (worker/db/account-sql.ts). Editors have no invite:
 * the operator hands the password and the secret over, as with any credential.
 */
import { insertEditorSql } from "../db/account-sql.ts";
import { hashPassword } from "./password.ts";
import { randomToken } from "./tokens.ts";
import { newTotpSecret } from "./totp.ts";

export async function newEditorSql(email: string, now: number): Promise<{ sql: string; password: string; totpSecret: string }> {
  const password = randomToken();
  const totpSecret = newTotpSecret();
  return { sql: insertEditorSql({ id: crypto.randomUUID(), email, passwordHash: await hashPassword(password), totpSecret, now }), password, totpSecret };
}
