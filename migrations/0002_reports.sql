-- Migration number: 0002 	 Burden reports, their routing and delivery (the core model shared by intake, delivery and triage).
--
-- Anonymity by construction (docs/threat-model.md):
--  * no IP address, user agent, cookie or exact timestamp is stored with a report or a message:
--    dates are days (`*_on`, YYYY-MM-DD);
--  * report ids are random and the tables are WITHOUT ROWID, so no rowid or sequence reveals
--    the order in which reports arrived within a day;
--  * the receipt code is stored only as a keyed hash (`v<key version>:<hex>`).
-- Only delivery jobs hold exact times (to schedule retries) and drop them once delivered.
-- Status lists mirror worker/domain/report-status.ts (tests/worker/schema.test.ts keeps them equal).

CREATE TABLE oversight_bodies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('discipline_commission', 'organisation_department', 'burden_reduction_office', 'other')),
  level TEXT NOT NULL CHECK (level IN ('county', 'prefecture', 'province', 'central')),
  area_code TEXT NOT NULL,
  joined INTEGER NOT NULL DEFAULT 0 CHECK (joined IN (0, 1)),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  -- JSON array of DeliveryChannel (data/schema/oversight-body.ts); the inbox is implicit.
  channels TEXT NOT NULL DEFAULT '[]',
  ack_days INTEGER NOT NULL DEFAULT 5 CHECK (ack_days BETWEEN 1 AND 60),
  conclude_days INTEGER NOT NULL DEFAULT 60 CHECK (conclude_days BETWEEN 1 AND 365)
) WITHOUT ROWID;
CREATE INDEX oversight_bodies_area ON oversight_bodies (area_code, level);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  receipt_hash TEXT NOT NULL UNIQUE,
  received_on TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- Where the burden lands.
  township_code TEXT NOT NULL CHECK (length(township_code) = 9),
  village_code TEXT CHECK (village_code IS NULL OR length(village_code) = 12),
  -- Who imposes it.
  imposer_name TEXT NOT NULL,
  imposer_level TEXT NOT NULL CHECK (imposer_level IN ('township', 'county', 'prefecture', 'province', 'central', 'unknown')),
  category TEXT NOT NULL CHECK (category IN ('forms', 'ledgers', 'meetings', 'documents', 'traces', 'inspections', 'signage', 'apps', 'certificates', 'off_list_tasks', 'pledges_veto', 'campaigns', 'mechanisms_posts', 'secondment', 'visits', 'other')),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  since_month TEXT CHECK (since_month IS NULL OR since_month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  hours_per_month INTEGER CHECK (hours_per_month IS NULL OR hours_per_month BETWEEN 0 AND 744),
  -- Duty-list link: `on_list` with the item ("basic:12"), `off_list`, or `unknown`.
  list_status TEXT NOT NULL DEFAULT 'unknown' CHECK (list_status IN ('on_list', 'off_list', 'unknown')),
  duty_item_ref TEXT,
  publish_consent INTEGER NOT NULL DEFAULT 0 CHECK (publish_consent IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'screening', 'routed', 'accepted', 'transferred', 'out_of_scope', 'investigating', 'substantiated', 'partly_substantiated', 'unsubstantiated', 'remedy_pending', 'remedied', 'closed')),
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('out_of_scope', 'unsubstantiated', 'partly_substantiated', 'substantiated', 'remedied', 'merged')),
  -- Near-duplicates about the same body, area and category share a group (for triage only).
  duplicate_group TEXT,
  -- A merged report follows its main report on /track; the main report counts its reporters.
  merged_into TEXT REFERENCES reports (id),
  reporter_count INTEGER NOT NULL DEFAULT 1 CHECK (reporter_count >= 1),
  -- Hash of the client's idempotency key: a double submit is one report.
  idempotency_hash TEXT UNIQUE,
  -- Day the report was first delivered to a body; deadlines run from it and never reset.
  first_delivered_on TEXT,
  transfer_count INTEGER NOT NULL DEFAULT 0,
  closed_on TEXT,
  -- Set when retention has deleted evidence and message text (counts stay).
  content_purged_on TEXT
) WITHOUT ROWID;
CREATE INDEX reports_township ON reports (township_code);
CREATE INDEX reports_duplicate_group ON reports (duplicate_group);
CREATE INDEX reports_merged_into ON reports (merged_into);

-- Status history (one row per change; `seq` orders events within a report only).
CREATE TABLE report_events (
  report_id TEXT NOT NULL REFERENCES reports (id),
  seq INTEGER NOT NULL,
  on_day TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  body_id TEXT REFERENCES oversight_bodies (id),
  -- 'reporter', 'system', or 'user' (the acting user is in the audit log, not here).
  actor TEXT NOT NULL CHECK (actor IN ('reporter', 'system', 'user')),
  -- Public text shown to the reporter (a finding, a remedy); internal notes live elsewhere.
  public_text TEXT,
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

-- Why each body received the report (or why none could): the rule and the reason.
CREATE TABLE routing_decisions (
  report_id TEXT NOT NULL REFERENCES reports (id),
  seq INTEGER NOT NULL,
  body_id TEXT REFERENCES oversight_bodies (id),
  -- The official channel shown instead when the right body has not joined.
  channel_id TEXT,
  rule_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  joined INTEGER NOT NULL CHECK (joined IN (0, 1)),
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

-- Which bodies hold a report now (routing and transfers). Triage isolation keys on this table.
CREATE TABLE report_assignments (
  report_id TEXT NOT NULL REFERENCES reports (id),
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  assigned_on TEXT NOT NULL,
  delivered_on TEXT,
  ack_due_on TEXT,
  conclude_due_on TEXT,
  PRIMARY KEY (report_id, body_id)
) WITHOUT ROWID;
CREATE INDEX report_assignments_body ON report_assignments (body_id, active, report_id);

-- Delivery to each channel of each body; separate from the triage status.
CREATE TABLE delivery_jobs (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports (id),
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  channel TEXT NOT NULL CHECK (channel IN ('inbox', 'webhook', 'email')),
  -- Index of the channel in the body's list (a body may have two webhooks).
  channel_index INTEGER NOT NULL DEFAULT 0,
  -- Stable Standard Webhooks id: retries reuse it, so receivers can deduplicate.
  webhook_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- Exact times only while undelivered (retry scheduling); cleared on delivery.
  next_attempt_at INTEGER,
  delivered_on TEXT,
  UNIQUE (report_id, body_id, channel, channel_index)
) WITHOUT ROWID;
CREATE INDEX delivery_jobs_pending ON delivery_jobs (state, next_attempt_at);

-- Messages between the reporter and a body, both ways; public replies are shown on /track.
CREATE TABLE messages (
  report_id TEXT NOT NULL REFERENCES reports (id),
  seq INTEGER NOT NULL,
  on_day TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('to_body', 'to_reporter')),
  body_id TEXT REFERENCES oversight_bodies (id),
  kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'public_reply')),
  text TEXT,
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

-- Evidence files, stored in R2 only after their metadata was removed.
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,
  -- Hash of the upload token the report references (POST /api/evidence → token).
  token_hash TEXT NOT NULL UNIQUE,
  report_id TEXT REFERENCES reports (id),
  r2_key TEXT NOT NULL,
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  bytes INTEGER NOT NULL,
  uploaded_on TEXT NOT NULL,
  deleted_on TEXT
) WITHOUT ROWID;
CREATE INDEX evidence_report ON evidence (report_id);
