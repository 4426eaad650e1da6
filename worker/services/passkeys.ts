/**
 * The changes of the passkey account page, for oversight users and editors alike (the account
 * kind picks the tables and the audit log): confirming both factors again, adding a passkey,
 * removing one. Password + TOTP stays mandatory: passkeys are only ever an addition. Whether the
 * session proved both factors recently enough to add one (REAUTH_MS, security L7) the route
 * checks from the session before it calls `addPasskey`, as it does for the page and the options.
 */
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { Bindings } from "../env.ts";
import { ceremonyChallenge, MAX_PASSKEYS, parseCredential, verifyRegistration } from "../auth/passkeys.ts";
import { accountAudit, accountAuditStatement, type AccountRef } from "../db/account-audit.ts";
import { markReauthenticated, type AccountKind, type SessionAccount } from "../db/accounts.ts";
import { deletePasskeyStatement, insertPasskey, listPasskeys, passkeyName, spendChallengeSignature } from "../db/passkeys.ts";
import { checkPasswordSignIn } from "./sign-in.ts";

/**
 * The signed-in account of the page, as much of the session's account as the changes need: who
 * the entries name, the address it signs in with, its session.
 */
type PasskeyHolder = AccountRef & Pick<SessionAccount, "id" | "email" | "sessionHash">;

/**
 * "Confirm it is you": password + TOTP again, with the sign-in's checks, lockout and audit (a
 * confirmation is a sign-in without a new session, audited as one with the detail "reauth").
 * True when confirmed: the session counts as freshly signed in from `now`.
 */
export async function reauthenticate(
  db: D1Database,
  kind: AccountKind,
  holder: PasskeyHolder,
  answer: { password: string; code: string },
  now = Date.now(),
): Promise<boolean> {
  const ok = await checkPasswordSignIn(db, kind, { email: holder.email, ...answer }, now, { wrong: "reauth", locked: "reauth locked" });
  if (!ok) return false;
  await markReauthenticated(db, holder.sessionHash, now, kind);
  await accountAudit(db, kind, holder, "login", "reauth");
  return true;
}

/**
 * Adds the passkey a registration form carried (`credential`, the browser's JSON) under `name`:
 * below MAX_PASSKEYS, its challenge ours (signed for this kind, this account and origin,
 * unexpired), spent now, the response verified, the credential not stored yet; audited. False
 * when any of that fails (the page says the same for each).
 */
export async function addPasskey(
  env: Bindings,
  kind: AccountKind,
  holder: PasskeyHolder,
  url: string,
  credential: string,
  name: string,
  now = Date.now(),
): Promise<boolean> {
  const db = env.DB;
  if ((await listPasskeys(db, holder.id, kind)).length >= MAX_PASSKEYS) return false;
  const response = parseCredential<RegistrationResponseJSON>(credential);
  const challenge = await ceremonyChallenge(env.SESSION_KEY, response, { kind, ceremony: "register", subject: holder.id, url }, now);
  if (!response || !challenge || !(await spendChallengeSignature(db, challenge.signature, challenge.expiresAt))) return false;
  const verified = await verifyRegistration(url, response, challenge);
  if (!verified || !(await insertPasskey(db, { ...verified, userId: holder.id, name, now }, kind))) return false;
  await accountAudit(db, kind, holder, "passkey_added", name);
  return true;
}

/** Removes one of the holder's own passkeys, in one batch with its audit entry; false when they have none by that id. */
export async function removePasskey(db: D1Database, kind: AccountKind, holder: AccountRef, credentialId: string): Promise<boolean> {
  const name = await passkeyName(db, credentialId, holder.id, kind);
  if (name === null) return false;
  await db.batch([deletePasskeyStatement(db, credentialId, holder.id, kind), accountAuditStatement(db, kind, holder, "passkey_removed", name)]);
  return true;
}
