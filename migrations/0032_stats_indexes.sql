-- Public response figures aggregated in SQL (worker/db/stats.ts): a covering index over the
-- report columns the figures read, so no query scans the reports table itself, and reopen
-- events found by kind without reading a report's whole history.
CREATE INDEX reports_stats ON reports (merged_into, received_on, township_code, category, outcome, first_delivered_on, acknowledged_on, concluded_on);
CREATE INDEX report_events_kind ON report_events (kind, report_id);
