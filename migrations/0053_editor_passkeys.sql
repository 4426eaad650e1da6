-- Migration number: 0053 	 Passkeys of editors (issue 12 item 2): the optional passkey of the editors' desk, as
-- oversight users have (migrations/0034). A table of its own, so that a credential of one kind of
-- account can never sign in to the other: /editor/login reads only editor_passkeys, /oversight/login
-- only passkeys (and their challenges are signed for different purposes, worker/auth/passkeys.ts).
-- Spent challenges share passkey_challenges_spent (only the signature is kept). A disabled editor's
-- passkeys do not sign in; `npm run admin -- reset-editor` deletes them.

CREATE TABLE editor_passkeys (
  -- Credential ID as the authenticator gave it (base64url).
  credential_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES editors (id),
  -- COSE public key (base64url).
  public_key TEXT NOT NULL,
  -- Signature counter last seen (0 when the authenticator keeps none).
  counter INTEGER NOT NULL DEFAULT 0,
  transports TEXT NOT NULL DEFAULT '',
  -- The editor's own name for it.
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
) WITHOUT ROWID;
CREATE INDEX editor_passkeys_user ON editor_passkeys (user_id);
