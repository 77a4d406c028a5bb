-- Members wave people in through URLs naming a waitlist entry. The integer id stays the internal
-- key; URLs carry this unguessable public id instead (128 random bits from the server, as
-- base32), so a forged cross-site request cannot name an entry by counting.
-- Same column and rule as migrations/sqlite/0012_waitlist_public_id.sql.
ALTER TABLE waitlist ADD COLUMN public_id TEXT;

-- Existing entries get a random UUID's 122 random bits (hex, without dashes).
UPDATE waitlist SET public_id = replace(gen_random_uuid()::text, '-', '') WHERE public_id IS NULL;

ALTER TABLE waitlist ALTER COLUMN public_id SET NOT NULL;
CREATE UNIQUE INDEX waitlist_public_id ON waitlist (public_id);
