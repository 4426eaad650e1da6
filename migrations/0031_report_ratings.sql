-- Migration number: 0031 	 Reporters rate the handling of their report after a conclusion (issue #6 §8).
-- One rating per report (the reporter may change it); the month only, no exact date, and nothing
-- that links a rating to a reporter beyond the report itself. Bodies see aggregates only (/stats).
CREATE TABLE report_ratings (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  rated_month TEXT NOT NULL CHECK (rated_month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]')
) WITHOUT ROWID;
