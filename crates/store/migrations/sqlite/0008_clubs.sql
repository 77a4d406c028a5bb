-- Clubs: a founder, admins, leaders and members; joining is open or by approval. Club rooms
-- point at their club and may be for members only.

CREATE TABLE clubs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL,
    -- the name folded to lower case by the store (Unicode-aware, the same in both dialects):
    -- names are unique ignoring case, and search matches prefixes of it
    name_key          TEXT    NOT NULL,
    description       TEXT    NOT NULL DEFAULT '',
    rules             TEXT    NOT NULL DEFAULT '',
    join_policy       TEXT    NOT NULL CHECK (join_policy IN ('open', 'approval')),
    founder_id        INTEGER NOT NULL REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    -- the icon, a server-made image; the version keeps counting so an old `?v=` never names
    -- a newer image (0: never had one)
    icon_version      INTEGER NOT NULL DEFAULT 0,
    icon_content_type TEXT,
    icon_image        BLOB,
    CHECK ((icon_image IS NULL) = (icon_content_type IS NULL))
);

CREATE UNIQUE INDEX clubs_name_key ON clubs (name_key);

-- Members with their role as a rank: 0 founder, 1 admin, 2 leader, 3 member (lists go by
-- rank, then join time).
CREATE TABLE club_members (
    club_id   INTEGER NOT NULL REFERENCES clubs (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rank      INTEGER NOT NULL CHECK (rank BETWEEN 0 AND 3),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (club_id, user_id)
) WITHOUT ROWID;

-- The members page (keyset on rank, join time, id).
CREATE INDEX club_members_list ON club_members (club_id, rank, joined_at, user_id);
-- A member's clubs.
CREATE INDEX club_members_user ON club_members (user_id, club_id);

-- Pending requests to join a club by approval (removed when approved or declined).
CREATE TABLE club_join_requests (
    club_id      INTEGER NOT NULL REFERENCES clubs (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_at INTEGER NOT NULL,
    PRIMARY KEY (club_id, user_id)
) WITHOUT ROWID;

CREATE INDEX club_join_requests_oldest ON club_join_requests (club_id, requested_at, user_id);

-- A club room and whether only the club's members may join it.
ALTER TABLE rooms ADD COLUMN club_id INTEGER REFERENCES clubs (id);
ALTER TABLE rooms ADD COLUMN members_only INTEGER NOT NULL DEFAULT 0 CHECK (members_only IN (0, 1));
