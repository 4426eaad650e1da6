-- Migration number: 0020 	 Official channels (12388, 互联网+督查, local platforms) for routing decisions.
--
-- Loaded from data/channels/*.yaml by `npm run load:bodies` (and `npm start`); routing names the
-- most specific channel serving the report's area when the right body has not joined this
-- deployment (routing_decisions.channel_id). Link to them; never claim to forward to them.
CREATE TABLE official_channels (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('12388', 'internet_plus_supervision', 'local_platform', 'other')),
  -- JSON array of area codes it serves (division codes or 'CN').
  areas TEXT NOT NULL CHECK (json_valid(areas)),
  url TEXT,
  phone TEXT
) WITHOUT ROWID;
