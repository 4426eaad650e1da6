-- The hand-off of a report that reached no body (issue 10 item 3): the next-steps page and /track
-- copy the official channel's own steps, operator and source from its data record
-- (data/channels/*.yaml, loaded by `npm run load:bodies`), and the address it publishes for
-- complaints when the record has one. The platform never sends report content there.
ALTER TABLE official_channels ADD COLUMN operator TEXT;
ALTER TABLE official_channels ADD COLUMN how_to TEXT;
-- JSON of data/schema/common.ts Source.
ALTER TABLE official_channels ADD COLUMN source TEXT CHECK (source IS NULL OR json_valid(source));
-- JSON { address, source }: shown as «可发送至：…（来源：…）».
ALTER TABLE official_channels ADD COLUMN public_mailbox TEXT CHECK (public_mailbox IS NULL OR json_valid(public_mailbox));
