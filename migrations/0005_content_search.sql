-- Migration number: 0005 	 Search over list items and measures (issue 13): the section «清单事项和减负措施»
-- of /search/. Rows come from data/ (the current version of each township's duty list, the village
-- lists and the measures, without illustrative ones in a deploy) and are loaded by
-- scripts/load-content.ts; `meta.content_version` records which set is loaded.

-- One searchable record: a duty list item, a village list item, or a measure.
CREATE TABLE content_entries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('duty_item', 'village_item', 'measure')),
  -- The item's name or the measure's title, as shown.
  title TEXT NOT NULL,
  -- The page and anchor that show it; a national village list (no region page of its own) links to
  -- its source document, or to nothing when it has no address.
  href TEXT,
  -- Duty item: its township; village item: the list's area ('CN' or a division code); measure: NULL.
  area TEXT,
  -- Duty item: its part (basic, assisting, returned); village item: main, assisting, negative; measure: NULL.
  part TEXT,
  -- Duty item: the list's issuer; village item: the list's title; measure: its issuer.
  source TEXT NOT NULL,
  -- Duty item: the list's version; village item: its version (NULL when it prints none); measure: its
  -- best known date (NULL when no source gives one).
  dated TEXT,
  -- Measure: whose date `dated` is, the measure's own (措施日期) or its first report's (报道日期); else NULL.
  date_kind TEXT CHECK (date_kind IN ('measure', 'report')),
  illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1))
) WITHOUT ROWID;

-- Search keys (textKey of a name, title or summary): field 0 is the name or title, 1 a summary.
-- The primary key serves exact and prefix matches (B-tree range).
CREATE TABLE content_keys (
  key TEXT NOT NULL,
  id TEXT NOT NULL,
  field INTEGER NOT NULL CHECK (field IN (0, 1)),
  PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE INDEX content_keys_id ON content_keys (id);

-- Bigrams of each content_keys.key, for the substring tier (a plain table, not FTS5, as place_ngrams).
CREATE TABLE content_ngrams (
  gram TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (gram, id)
) WITHOUT ROWID;
