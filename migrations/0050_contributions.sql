-- Migration number: 0050 	 Contributions (issue 12 item 1): a resident hands in where an official list
-- (or a channel, or a body's published complaint address) is published, with the file optionally.
--
-- Same anonymity rules as reports (migrations/0002_reports.sql, docs/threat-model.md):
--  * no IP address, user agent, cookie or exact time: dates are days (`*_on`);
--  * random ids and WITHOUT ROWID: no order of arrival within a day;
--  * the contribution code is stored only as a keyed hash (worker/domain/contribution.ts).
-- The file itself is kept as uploaded in the CONTRIBUTIONS bucket (never the evidence bucket),
-- readable only by editors, never published, and deleted 90 days after the outcome.

CREATE TABLE contributions (
  id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('list', 'channel')),
  -- The county the townships lie in, and the townships the file covers (JSON array of codes);
  -- `whole_county` = 1: every township of the county.
  county_code TEXT NOT NULL CHECK (length(county_code) = 6),
  townships TEXT NOT NULL DEFAULT '[]',
  whole_county INTEGER NOT NULL DEFAULT 0 CHECK (whole_county IN (0, 1)),
  url TEXT NOT NULL,
  -- What the form told the contributor: the URL is on a government host (data/schema/provenance.ts).
  government_host INTEGER NOT NULL CHECK (government_host IN (0, 1)),
  note TEXT,
  -- The uploaded file, as uploaded: its R2 key, the name and type given, its size in bytes.
  file_key TEXT,
  file_name TEXT,
  file_type TEXT CHECK (file_type IS NULL OR file_type IN ('pdf', 'docx', 'xlsx', 'csv')),
  file_size INTEGER,
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'reviewing', 'accepted', 'declined')),
  -- 已收录: the page where the list is shown; 未收录: the reason the contributor reads.
  outcome_path TEXT,
  outcome_reason TEXT,
  received_on TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  outcome_on TEXT CHECK (outcome_on IS NULL OR outcome_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  file_deleted_on TEXT
) WITHOUT ROWID;

CREATE INDEX contributions_status ON contributions (status, county_code);
-- Retention: files whose outcome is older than 90 days.
CREATE INDEX contributions_file_retention ON contributions (outcome_on) WHERE file_key IS NOT NULL;
