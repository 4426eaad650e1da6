-- Migration number: 0030 	 Oversight triage (issue #6): accounts, sessions, invites, the append-only audit log,
-- internal notes, the transfer ledger, conclusion dates and the n-gram search table.
--
-- Users are officials of an oversight body, not reporters: exact times are stored for them
-- (logins, audit entries). Nothing here links to a reporter.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  -- Login name (an e-mail address, lower-cased).
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'triager', 'viewer')),
  -- PHC string with its parameters: $argon2id$v=19$m=19456,t=2,p=1$salt$hash (rehash on login when they change).
  password_hash TEXT NOT NULL,
  -- Base32 TOTP secret (RFC 6238); mandatory for every user.
  totp_secret TEXT NOT NULL,
  -- Last accepted TOTP time step: a code is accepted once.
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX users_body ON users (body_id, role);

-- Sessions: only a keyed hash of the cookie's token is stored, so a database copy cannot log anyone in.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

-- Invites (new users) and password resets (user_id set), issued by a body admin or `npm run admin`.
CREATE TABLE invites (
  token_hash TEXT PRIMARY KEY,
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'triager', 'viewer')),
  user_id TEXT REFERENCES users (id),
  created_by TEXT,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) WITHOUT ROWID;

-- Append-only audit log: every login, view of content or evidence, transition, note, message,
-- transfer and export. The triggers refuse UPDATE and DELETE, through the API or by SQL.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  body_id TEXT NOT NULL,
  user_id TEXT,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  report_id TEXT,
  detail TEXT
);
CREATE INDEX audit_log_body ON audit_log (body_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Internal notes of a body on a report: never shown to the reporter.
CREATE TABLE report_notes (
  report_id TEXT NOT NULL REFERENCES reports (id),
  seq INTEGER NOT NULL,
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  at INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

-- Transfer ledger: from, to and why. Escalations after the third transfer are marked.
CREATE TABLE report_transfers (
  report_id TEXT NOT NULL REFERENCES reports (id),
  seq INTEGER NOT NULL,
  on_day TEXT NOT NULL,
  from_body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  to_body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  reason TEXT NOT NULL,
  escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

-- Day of the first acknowledgement and of the conclusion (for deadlines and /stats).
ALTER TABLE reports ADD COLUMN acknowledged_on TEXT;
ALTER TABLE reports ADD COLUMN concluded_on TEXT;
CREATE INDEX reports_status ON reports (status);

-- Full-text search over title and description by character bigrams (Chinese has no spaces).
-- A plain table, not FTS5: D1's export refuses databases with virtual tables (docs/operations.md).
-- Filled lazily per body when its inbox is searched (worker/domain/search.ts).
CREATE TABLE report_ngrams (
  gram TEXT NOT NULL,
  report_id TEXT NOT NULL REFERENCES reports (id),
  PRIMARY KEY (gram, report_id)
) WITHOUT ROWID;
CREATE TABLE report_ngram_state (
  report_id TEXT PRIMARY KEY REFERENCES reports (id)
) WITHOUT ROWID;
