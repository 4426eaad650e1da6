-- Each body that holds a report has its own case (issue 15 item 3, security M4): status,
-- outcome and the days it was acknowledged, concluded and closed live on the body's assignment.
-- reports.status/outcome/concluded_on/closed_on become a cache of the least advanced active case
-- (worker/db/oversight.ts deriveReportStatement), kept for /track, retention and the public figures.
ALTER TABLE report_assignments ADD COLUMN status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'screening', 'routed', 'accepted', 'transferred', 'out_of_scope', 'investigating', 'substantiated', 'partly_substantiated', 'unsubstantiated', 'remedy_pending', 'remedied', 'closed'));
ALTER TABLE report_assignments ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR outcome IN ('out_of_scope', 'unsubstantiated', 'partly_substantiated', 'substantiated', 'remedied', 'merged'));
ALTER TABLE report_assignments ADD COLUMN acknowledged_on TEXT;
ALTER TABLE report_assignments ADD COLUMN concluded_on TEXT;
ALTER TABLE report_assignments ADD COLUMN closed_on TEXT;

-- Until now every holder shared the report's state: each active case starts from it; a body
-- that transferred the report away ends its case as `transferred`.
UPDATE report_assignments SET
  status = CASE WHEN active = 1 THEN (SELECT r.status FROM reports r WHERE r.id = report_id) ELSE 'transferred' END,
  outcome = CASE WHEN active = 1 THEN (SELECT r.outcome FROM reports r WHERE r.id = report_id) END,
  acknowledged_on = CASE WHEN active = 1 THEN (SELECT r.acknowledged_on FROM reports r WHERE r.id = report_id) END,
  concluded_on = CASE WHEN active = 1 THEN (SELECT r.concluded_on FROM reports r WHERE r.id = report_id) END,
  closed_on = CASE WHEN active = 1 THEN (SELECT r.closed_on FROM reports r WHERE r.id = report_id) END;
