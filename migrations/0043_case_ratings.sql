-- Migration number: 0043 	 One rating per body case (issue 15 item 3, security M4): the reporter rates
-- each body's own handling once that body's case has a conclusion, and may change it. Still the
-- month only and nothing beyond the report and the body; bodies see aggregates only (/stats).
CREATE TABLE report_ratings_per_case (
  report_id TEXT NOT NULL REFERENCES reports (id),
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  rated_month TEXT NOT NULL CHECK (rated_month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  PRIMARY KEY (report_id, body_id)
) WITHOUT ROWID;

-- A rating given before per-body cases rated the handling as a whole: it is kept for every body
-- whose case had a conclusion (lifecycle CONCLUDED, the rateable statuses), and dropped where no
-- case had one (the reporter can rate again once a body concludes).
INSERT INTO report_ratings_per_case (report_id, body_id, rating, rated_month)
  SELECT g.report_id, a.body_id, g.rating, g.rated_month
  FROM report_ratings g JOIN report_assignments a ON a.report_id = g.report_id AND a.active = 1
  WHERE a.status IN ('out_of_scope', 'substantiated', 'partly_substantiated', 'unsubstantiated', 'remedy_pending', 'remedied', 'closed');

DROP TABLE report_ratings;
ALTER TABLE report_ratings_per_case RENAME TO report_ratings;
