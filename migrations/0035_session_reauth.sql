-- Migration number: 0035 	 When a session last proved both factors (security L7).
-- Adding a passkey needs password + TOTP (or a passkey) within the last 5 minutes: sign-in sets
-- reauth_at to the sign-in time, and the account page's "confirm it is you" form renews it, so a
-- stolen session cookie alone cannot add a lasting way in. Officials' times, not reporters'.
ALTER TABLE sessions ADD COLUMN reauth_at INTEGER NOT NULL DEFAULT 0;
