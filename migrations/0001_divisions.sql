-- Migration number: 0001 	 Administrative divisions (NBS codes) and deployment metadata.
-- Rows are loaded by scripts/load-divisions.ts from data/generated/divisions/sql (not by this migration,
-- which must stay small); `meta.divisions_version` records which dataset is loaded.

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE divisions (
  code TEXT PRIMARY KEY CHECK (length(code) IN (2, 4, 6, 9, 12)),
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'township', 'village')),
  parent_code TEXT,
  type TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX divisions_parent ON divisions (parent_code);
CREATE INDEX divisions_level_name ON divisions (level, name);

-- Retired codes keep resolving: old code → successor (data/division-changes.yaml).
CREATE TABLE division_changes (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  successor_code TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('merged', 'renamed', 'recoded', 'abolished', 'split')),
  effective TEXT,
  note TEXT NOT NULL
) WITHOUT ROWID;
