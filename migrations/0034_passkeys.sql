-- Migration number: 0034 	 Passkeys (WebAuthn) for oversight users, in addition to the mandatory password + TOTP.
--
-- A passkey sign-in requires user verification (PIN, fingerprint, face) on the authenticator, so it
-- counts as two factors. Registration and sign-in challenges are signed by the worker (SESSION_KEY,
-- 5 minutes) and accepted once: the signature of a used challenge is recorded in
-- passkey_challenges_spent until it expires, then removed by the daily retention run.
-- "Sign out everywhere" keeps a user's passkeys; a password reset revokes them (they do not sign in
-- while the reset is pending, and are deleted when it is accepted); a disabled user's passkeys do
-- not sign in (worker/auth/passkeys.ts, docs/threat-model.md).

CREATE TABLE passkeys (
  -- Credential ID as the authenticator gave it (base64url).
  credential_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  -- COSE public key (base64url).
  public_key TEXT NOT NULL,
  -- Signature counter last seen (0 when the authenticator keeps none).
  counter INTEGER NOT NULL DEFAULT 0,
  -- Transports the browser reported ("internal,hybrid"), a hint for later sign-ins.
  transports TEXT NOT NULL DEFAULT '',
  -- The user's own name for it ("办公室电脑").
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
) WITHOUT ROWID;
CREATE INDEX passkeys_user ON passkeys (user_id);

CREATE TABLE passkey_challenges_spent (
  -- The worker's signature of the challenge (HMAC, base64url): nothing else about it is kept.
  signature TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
