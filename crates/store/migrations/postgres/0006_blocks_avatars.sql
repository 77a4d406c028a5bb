-- Blocks and avatars. Same tables, columns and rules as migrations/sqlite/0006_blocks_avatars.sql.

-- Who blocked whom. One row per pair; blocking does not imply the reverse.
CREATE TABLE blocks (
    blocker_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);

-- "Who blocked this member" (blockers_of, and the reverse half of block_between).
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);
-- A member's block list, newest first.
CREATE INDEX blocks_blocker_recent ON blocks (blocker_id, created_at, blocked_id);

-- A member's avatar: a server-made image (never the uploaded bytes). The row outlives a
-- deletion (image and content_type become NULL) so the version keeps counting up and a URL
-- with an old `?v=` never names a newer image.
CREATE TABLE avatars (
    user_id      BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version      BIGINT      NOT NULL,
    content_type TEXT,
    image        BYTEA,
    updated_at   TIMESTAMPTZ NOT NULL,
    CHECK ((image IS NULL) = (content_type IS NULL))
);
