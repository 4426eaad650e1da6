/**
 * `npm run admin -- <command> [options]`: oversight accounts from the command line, against
 * local D1 (default) or a deployed database (`--remote`, with `--env production`).
 *
 *   create-admin --body <body id> --email <address>   invite the first admin of a body (a joined body only)
 *   create-editor --email <address>                   an editor of the contributions desk (/editor): prints a
 *                                                     generated password and the TOTP secret, once
 *   reset-editor --email <address>                    new password and TOTP secret for an editor (printed once);
 *                                                     their sessions end and their passkeys are deleted
 *   disable-editor --email <address>                  block an editor's sign-in (password and passkey) and end
 *                                                     their sessions
 *   list-editors                                      every editor, with disabled and lock state
 *   reset --email <address>                           password reset link (the user enrols TOTP again)
 *   list --body <body id>                             the body's users
 *   disable --email <address>                         block sign-in and end the user's sessions
 *
 * Invite and reset links are one-time tokens whose keyed hash needs SESSION_KEY: read from
 * .dev.vars locally; for --remote set it in the environment (QINGDAN_SESSION_KEY=… npm run admin -- …
 * --remote --env production), the same value as the deployed secret. Links are valid 7 days.
 * `--origin https://…` sets the link's origin (default: http://localhost:8787).
 */
import { existsSync, readFileSync } from "node:fs";
import { keyedHash, randomToken } from "../worker/auth/tokens.ts";
import { adminBodyRefusal, adminBodySql, disableEditorSql, insertInviteSql, resetCredentialsSql } from "../worker/db/account-sql.ts";
import { newEditorSql, resetEditorCredentialsSql } from "../worker/auth/editor-account.ts";
import { totpUri } from "../worker/auth/totp.ts";
import { AccountEmail, InviteInput } from "../worker/domain/account.ts";
import { sql } from "../worker/db/sql-literal.ts";
import { d1Query, option, targetFromArgv, type D1Target } from "./lib/run.ts";

/** The editor an `--email` names (lower-cased), or an error naming the command's usage. */
function existingEditor(argv: string[], target: D1Target, command: string): string {
  const email = option(argv, "email")?.toLowerCase();
  if (!email) throw new Error(`usage: npm run admin -- ${command} --email <address> [--remote --env production]`);
  if (d1Query(`SELECT 1 AS found FROM editors WHERE email = ${sql(email)}`, target).length === 0) throw new Error(`admin: no editor ${email}`);
  return email;
}

/** The lines create-editor and reset-editor print: where to sign in and the credentials, once. */
const editorCredentials = (origin: string, email: string, c: { password: string; totpSecret: string }) =>
  [
    `Editor ${email}: sign in at ${origin}/editor/login with`,
    `  password:    ${c.password}`,
    `  TOTP secret: ${c.totpSecret}`,
    `  TOTP URL:    ${totpUri(c.totpSecret, email)}`,
    "Shown once: hand them over as a credential (the password cannot be read back).",
  ].join("\n");

export function sessionKey(target: D1Target): string {
  if (process.env.QINGDAN_SESSION_KEY) return process.env.QINGDAN_SESSION_KEY;
  if (!target.remote && existsSync(".dev.vars")) {
    const match = /^SESSION_KEY=(.+)$/m.exec(readFileSync(".dev.vars", "utf8"));
    if (match) return match[1]!.trim();
  }
  throw new Error("admin: SESSION_KEY not found (run npm start once, or set QINGDAN_SESSION_KEY)");
}

/** Creates an invite (or a reset for `userId`) and returns the link. */
export async function inviteLink(target: D1Target, o: { bodyId: string; email: string; role: string; userId?: string; origin: string }): Promise<string> {
  const token = randomToken();
  const tokenHash = await keyedHash(sessionKey(target), "invite", token);
  d1Query(insertInviteSql({ tokenHash, bodyId: o.bodyId, email: o.email, role: o.role, userId: o.userId, createdBy: "cli", now: Date.now() }), target);
  return `${o.origin}/oversight/invite/${token}`;
}

async function main(argv: string[]): Promise<void> {
  const target = targetFromArgv(argv);
  const origin = option(argv, "origin") ?? "http://localhost:8787";
  const [command] = argv;
  if (command === "create-admin") {
    const bodyId = option(argv, "body");
    // The users page's invite schema: the same address check, lower-cased the same way.
    const invite = InviteInput.safeParse({ email: option(argv, "email") ?? "", role: "admin" });
    if (!bodyId || !invite.success) throw new Error("usage: npm run admin -- create-admin --body <id> --email <address> [--remote --env production]");
    const { email, role } = invite.data;
    const body = d1Query<{ name: string; joined: number }>(adminBodySql(bodyId), target)[0];
    const refusal = adminBodyRefusal(bodyId, body);
    if (refusal) throw new Error(refusal);
    console.log(`Invite for the admin of ${body!.name} (${email}):\n  ${await inviteLink(target, { bodyId, email, role, origin })}`);
  } else if (command === "create-editor") {
    const parsed = AccountEmail.safeParse(option(argv, "email") ?? "");
    if (!parsed.success) throw new Error("usage: npm run admin -- create-editor --email <address> [--remote --env production]");
    const email = parsed.data;
    if (d1Query(`SELECT 1 AS taken FROM editors WHERE email = ${sql(email)}`, target).length > 0) throw new Error(`admin: an editor ${email} exists already`);
    const editor = await newEditorSql(email, Date.now());
    d1Query(editor.sql, target);
    console.log(editorCredentials(origin, email, editor));
  } else if (command === "reset-editor") {
    const email = existingEditor(argv, target, command);
    const reset = await resetEditorCredentialsSql(email);
    d1Query(reset.sql, target);
    console.log(editorCredentials(origin, email, reset));
  } else if (command === "disable-editor") {
    const email = existingEditor(argv, target, command);
    d1Query(disableEditorSql(email), target);
    console.log(`Disabled editor ${email}: signed out everywhere; sign-in refused`);
  } else if (command === "list-editors") {
    console.table(
      d1Query<Record<string, unknown>>(
        "SELECT email, disabled, locked_until > CAST(strftime('%s', 'now') AS INTEGER) * 1000 AS locked FROM editors ORDER BY email",
        target,
      ),
    );
  } else if (command === "reset") {
    const email = option(argv, "email")?.toLowerCase();
    const user = d1Query<{ id: string; body_id: string; role: string }>(`SELECT id, body_id, role FROM users WHERE email = ${sql(email ?? "")}`, target)[0];
    if (!user || !email) throw new Error("admin: no such user");
    d1Query(resetCredentialsSql(user.id), target);
    console.log(`Password reset link for ${email}:\n  ${await inviteLink(target, { bodyId: user.body_id, email, role: user.role, userId: user.id, origin })}`);
  } else if (command === "list") {
    const rows = d1Query<Record<string, unknown>>(
      `SELECT email, display_name, role, disabled FROM users WHERE body_id = ${sql(option(argv, "body") ?? "")} ORDER BY email`,
      target,
    );
    console.table(rows);
  } else if (command === "disable") {
    const email = option(argv, "email")?.toLowerCase() ?? "";
    d1Query(
      `UPDATE users SET disabled = 1 WHERE email = ${sql(email)}; DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email = ${sql(email)})`,
      target,
    );
    console.log(`Disabled ${email}`);
  } else {
    console.log(readFileSync(new URL(import.meta.url), "utf8").split("*/")[0]);
    process.exitCode = command ? 1 : 0;
  }
}

if (import.meta.main) await main(process.argv.slice(2));
