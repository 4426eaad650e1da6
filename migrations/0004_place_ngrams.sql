-- Migration number: 0004 	 Substring search over place keys (issue 13): the bigrams of each
-- place_names.key, a plain table (not FTS5: D1 export refuses virtual tables, docs/operations.md).
-- Filled from place_names by scripts/load-divisions.ts (placeNgramsSql in worker/db/place-rows.ts).
CREATE TABLE place_ngrams (
  gram TEXT NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (gram, code)
) WITHOUT ROWID;
