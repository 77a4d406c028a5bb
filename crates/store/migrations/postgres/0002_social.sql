-- Social slice: profile bios, follows, and the indexes behind member search.
-- Same tables, columns and rules as migrations/sqlite/0002_social.sql.

ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';

-- Member search is a prefix range (>= prefix AND < successor) on the ASCII-lower-cased names.
-- lower(x COLLATE "C") folds ASCII letters only and compares bytewise, exactly like SQLite's
-- lower() and BINARY collation, so both stores match and order the same. The database's own
-- collation may not be "C", hence these indexes beside users_username_lower.
CREATE INDEX users_username_lower_c ON users (lower(username COLLATE "C"));
CREATE INDEX users_display_name_lower_c ON users (lower(display_name COLLATE "C"), id);

-- Who follows whom. One row per pair, so following twice changes nothing.
CREATE TABLE follows (
    follower_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);

-- Keyset pagination, newest first: a member's followers and the members they follow.
CREATE INDEX follows_followee ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_follower ON follows (follower_id, created_at, followee_id);
