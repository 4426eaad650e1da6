-- The Beijing day (YYYY-MM-DD, day precision only) a body's `joined` flag last flipped to true,
-- written by `npm run load:bodies` (worker/db/body-sql.ts): kept on reloads, cleared when the body
-- leaves (joined false). Bodies that had joined before this column existed keep NULL. The daily
-- forwarding task (worker/services/forwarding.ts) looks at bodies that joined in the last days.
ALTER TABLE oversight_bodies ADD COLUMN joined_on TEXT CHECK (joined_on IS NULL OR joined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
