-- Migration number: 0014 	 Duplicate signatures stored at intake (issue 16 item 3).
--
-- Intake compared a new report with up to 500 whole texts re-read and re-tokenised per request,
-- which grew with what was stored. Each report now gets one row here, written in its intake
-- batch: the keys the candidates are looked up by (township, category, the imposing body as a
-- keyed hash of its normalised name, the day) and its text's trigrams as sorted keyed 32-bit
-- hashes (hex). No text: neither the body's name nor a trigram can be read back without the
-- server's key. Retention deletes the row with the report's content (worker/db/retention.ts).
-- Reports filed before this migration have no row and are no duplicate candidates.
CREATE TABLE report_signatures (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  township_code TEXT NOT NULL,
  category TEXT NOT NULL,
  body_key TEXT NOT NULL,
  received_on TEXT NOT NULL,
  grams TEXT NOT NULL
) WITHOUT ROWID;
-- The candidate lookup: one index range, newest first.
CREATE INDEX report_signatures_candidates ON report_signatures (township_code, category, body_key, received_on);
