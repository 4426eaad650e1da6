-- Migration number: 0033 	 Published summaries (issue #6 §8): a body's short, anonymised account
-- of a concluded report, shown on /stats only while the reporter's consent stands
-- (reports.publish_consent), after a body admin approved this exact text, and while the
-- conclusion stands (a reopen withdraws it). worker/db/summaries.ts owns the rules.
--
-- The text is written by the body, never copied from the report; days only, like the reports.

CREATE TABLE report_summaries (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  -- draft: written, not public; approved: public (with consent); withdrawn: taken down.
  state TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'withdrawn')),
  drafted_on TEXT NOT NULL,
  approved_on TEXT,
  CHECK (state != 'approved' OR approved_on IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX report_summaries_published ON report_summaries (state, approved_on);
