-- Social slice: profile bios, follows, and the index behind member search.

ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';

-- Member search is a prefix range on lower(username) (served by users_username_lower) and on
-- lower(display_name) (served by this one). The rowid (= id) ends every index entry, so
-- "ORDER BY lower(display_name), id" reads the index in order.
CREATE INDEX users_display_name_lower ON users (lower(display_name));

-- Who follows whom. One row per pair, so following twice changes nothing.
CREATE TABLE follows (
    follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
) WITHOUT ROWID;

-- Keyset pagination, newest first: a member's followers and the members they follow.
CREATE INDEX follows_followee ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_follower ON follows (follower_id, created_at, followee_id);
