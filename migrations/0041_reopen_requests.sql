-- Security M1 (issue 15 item 2): a reporter's reopen request waits here for its delivery batch;
-- the hourly cron applies it then (the reopen transition and its reason as a message), so the body
-- never learns when it was made. `batch_at`: the batch (ms, a whole hour), never a finer time.
CREATE TABLE reopen_requests (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  reason TEXT,
  batch_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX reopen_requests_batch ON reopen_requests (batch_at);
