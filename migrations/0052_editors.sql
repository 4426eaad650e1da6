-- Migration number: 0052 	 Editors (issue 12 item 2): site-level accounts of the editors' desk (/editor), which
-- checks contributions before `npm run contributions:pull`. Not officials of a body: no body_id and
-- no role. Same sign-in as oversight users (worker/db/accounts.ts with the EDITOR_ACCOUNTS tables):
-- password + TOTP, lockout, sessions stored as a keyed hash, an append-only audit.
--
-- Editors are not anonymous, but contributions are (migrations/0050: days, no order of arrival):
-- the audit keeps the hour only, so an editor's first view of a contribution does not date its
-- hand-in more precisely than the day its row already says.

CREATE TABLE editors (
  id TEXT PRIMARY KEY,
  -- Login name (an e-mail address, lower-cased).
  email TEXT NOT NULL UNIQUE,
  -- PHC string, as users.password_hash (worker/auth/password.ts).
  password_hash TEXT NOT NULL,
  -- Base32 TOTP secret (RFC 6238), mandatory.
  totp_secret TEXT NOT NULL,
  -- Last accepted TOTP time step: a code is accepted once.
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Sessions as `sessions`: only a keyed hash of the cookie's token is stored.
CREATE TABLE editor_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES editors (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  reauth_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX editor_sessions_user ON editor_sessions (user_id);

-- Append-only: every sign-in, view and action of the desk. `at` is ms rounded down to the hour.
CREATE TABLE editor_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  editor_id TEXT,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  contribution_id TEXT,
  detail TEXT
);
CREATE INDEX editor_audit_contribution ON editor_audit (contribution_id, id);
CREATE TRIGGER editor_audit_no_update BEFORE UPDATE ON editor_audit BEGIN SELECT RAISE(ABORT, 'editor_audit is append-only'); END;
CREATE TRIGGER editor_audit_no_delete BEFORE DELETE ON editor_audit BEGIN SELECT RAISE(ABORT, 'editor_audit is append-only'); END;
