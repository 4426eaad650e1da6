-- Migration number: 0012 	 Daily counters for reports filed without proof of work (security M6).
-- The no-JS form files without proof of work, so it is limited per day as well as per minute:
-- per source ('source:' + 4 hex digits of the day's keyed hash of the /64 or IPv4 address, a
-- bucket shared by many addresses) and per county ('county:' + code); and the digest tells each
-- body how many such reports it got that day ('body:' + id). Counts only: nothing here names a
-- report, and the report rows carry no mark of how they were filed. Rows are deleted by the daily
-- retention run once their day (the digest's day for 'body:') is over.
CREATE TABLE no_pow_daily (
  day TEXT NOT NULL,
  scope TEXT NOT NULL,
  used INTEGER NOT NULL,
  PRIMARY KEY (day, scope)
) WITHOUT ROWID;
