-- Security M1 (issue 15 item 2): a reporter's message reaches the bodies in a delivery batch, not
-- at the moment it was written. `visible_from` is that batch (ms, a whole hour); NULL = visible at
-- once (officials' own messages, and every message written before this migration).
ALTER TABLE messages ADD COLUMN visible_from INTEGER;
