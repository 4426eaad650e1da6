-- Consent to forwarding (issue 10 item 4): asked on the report form, off by default. A report
-- that reached no body and carries this consent is routed, by the daily cron, to a body that joins
-- later and that the current routing rules route it to (worker/services/forwarding.ts). Not
-- content: retention keeps it.
ALTER TABLE reports ADD COLUMN forward_consent INTEGER NOT NULL DEFAULT 0 CHECK (forward_consent IN (0, 1));
