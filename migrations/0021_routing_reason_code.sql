-- Why a body received a report, as a code with parameters (JSON) beside the English free text,
-- so that pages show the reason in the reader's language (site/i18n/labels.ts routingReasonLabel).
-- Rows stored before this migration keep reason_code NULL and are shown with a generic label.
ALTER TABLE routing_decisions ADD COLUMN reason_code TEXT CHECK (reason_code IN ('rule', 'no_rule', 'conflict_excluded', 'conflict_escalated', 'not_joined_none', 'not_joined_body'));
ALTER TABLE routing_decisions ADD COLUMN reason_params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(reason_params));
