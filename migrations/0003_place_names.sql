-- Migration number: 0003 	 Place search keys (issue 13): one row per name a division is found by.
-- `key` is placeKey(name) (data/schema/division.ts): NBS committee forms such as «南华村村委会» become
-- the spoken «南华村». Former names (data/division-changes.yaml) point at the successor, former = 1.
-- Loaded by scripts/load-divisions.ts. The primary key serves exact and prefix matches (B-tree range).
CREATE TABLE place_names (
  key TEXT NOT NULL,
  code TEXT NOT NULL,
  former INTEGER NOT NULL DEFAULT 0 CHECK (former IN (0, 1)),
  PRIMARY KEY (key, code)
) WITHOUT ROWID;

-- The substring tier joins the n-gram hits back to their keys by code.
CREATE INDEX place_names_code ON place_names (code);
