-- Migration number: 0010 	 Spent proof-of-work challenges (issue #5 §5).
-- A solved ALTCHA challenge is accepted once: its signature is recorded here until the challenge
-- expires (20 minutes), then removed by the daily retention run. The signature is the server's
-- own HMAC over a random challenge: it says nothing about who solved it.
CREATE TABLE altcha_spent (
  signature TEXT PRIMARY KEY,
  expires_on TEXT NOT NULL
) WITHOUT ROWID;
