-- Issue 14 item 2 (UX 34): what each body has seen of a report, so its inbox can mark «新留言» and
-- «申请重新办理». Per (report, body), the sequence numbers it has seen up to: the reporter's
-- messages (messages.seq) and the report's events (report_events.seq, for reopen requests).
-- Sequence numbers only, no time: the marker dates nothing. A body without a row has seen
-- nothing (every report delivered before this migration counts as unread until it is opened).
CREATE TABLE case_reads (
  report_id TEXT NOT NULL REFERENCES reports (id),
  body_id TEXT NOT NULL REFERENCES oversight_bodies (id),
  message_seq INTEGER NOT NULL DEFAULT 0,
  event_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (report_id, body_id)
) WITHOUT ROWID;
