-- Migration number: 0013 	 Single-use tokens of the no-JS report form (issue 15 item 4).
-- GET /report hands out a token of 128 random bits; only its keyed hash is kept here. The first
-- post with it files the report and shows the receipt code; any later post finds it spent and
-- files nothing. `spent` goes from 0 to 1 in the same D1 batch as the report, and the CHECK
-- makes a second claim fail that batch, so two concurrent posts file one report. The row holds
-- an expiry in whole hours (at least 2 hours after the form was served) and nothing else: no
-- filing time, no report id. The daily retention run deletes expired rows.
CREATE TABLE form_tokens (
  token_hash TEXT PRIMARY KEY,
  expires_hour INTEGER NOT NULL,
  spent INTEGER NOT NULL DEFAULT 0 CHECK (spent IN (0, 1))
) WITHOUT ROWID;
