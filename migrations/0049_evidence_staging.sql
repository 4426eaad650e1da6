-- Migration number: 0049 	 Evidence written in the delivery batch (security M1, L10): R2 keeps each
-- object's own upload time, so a file stored at filing time would date the filing. Intake now
-- writes it under a random staging key (`staged_key`, not derived from the report or the final
-- key); the hourly cron copies it to its final key (`r2_key`) once the report's delivery batch
-- has come (`moves_at`, that batch's time: a whole hour, never finer) and deletes the staged
-- object. `staged_key` is NULL once moved (and for files stored before this migration).
ALTER TABLE evidence ADD COLUMN staged_key TEXT;
ALTER TABLE evidence ADD COLUMN moves_at INTEGER;
CREATE INDEX evidence_staged ON evidence (moves_at) WHERE staged_key IS NOT NULL;
