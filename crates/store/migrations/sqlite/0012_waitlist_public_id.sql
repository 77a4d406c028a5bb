-- Members wave people in through URLs naming a waitlist entry. The integer id stays the internal
-- key; URLs carry this unguessable public id instead (128 random bits from the server, as
-- base32), so a forged cross-site request cannot name an entry by counting.
ALTER TABLE waitlist ADD COLUMN public_id TEXT;

-- Existing entries get 128 random bits (hex).
UPDATE waitlist SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;

CREATE UNIQUE INDEX waitlist_public_id ON waitlist (public_id);
