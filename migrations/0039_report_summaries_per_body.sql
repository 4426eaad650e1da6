-- Migration number: 0039 	 One summary per body that holds a report (security M4): bodies that hold
-- the same report are independent, so one body's draft can no longer overwrite another's approved
-- summary. The key becomes (report_id, body_id); existing rows keep their body.

CREATE TABLE report_summaries_new (
  report_id TEXT NOT NULL REFERENCES reports (id),
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  -- draft: written, not public; approved: public (with consent); withdrawn: taken down.
  state TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'withdrawn')),
  drafted_on TEXT NOT NULL,
  approved_on TEXT,
  CHECK (state != 'approved' OR approved_on IS NOT NULL),
  PRIMARY KEY (report_id, body_id)
) WITHOUT ROWID;
INSERT INTO report_summaries_new (report_id, body_id, text, state, drafted_on, approved_on)
  SELECT report_id, body_id, text, state, drafted_on, approved_on FROM report_summaries;
DROP TABLE report_summaries;
ALTER TABLE report_summaries_new RENAME TO report_summaries;
CREATE INDEX report_summaries_published ON report_summaries (state, approved_on);
