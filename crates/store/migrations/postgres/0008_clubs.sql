-- Clubs. Same tables, columns and rules as migrations/sqlite/0008_clubs.sql.

CREATE TABLE clubs (
    id                BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              TEXT        NOT NULL,
    -- the name folded to lower case by the store (the same in both dialects): names are
    -- unique ignoring case, and search matches prefixes of it
    name_key          TEXT        COLLATE "C" NOT NULL,
    description       TEXT        NOT NULL DEFAULT '',
    rules             TEXT        NOT NULL DEFAULT '',
    join_policy       TEXT        NOT NULL CHECK (join_policy IN ('open', 'approval')),
    founder_id        BIGINT      NOT NULL REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL,
    -- the icon, a server-made image; the version keeps counting (0: never had one)
    icon_version      BIGINT      NOT NULL DEFAULT 0,
    icon_content_type TEXT,
    icon_image        BYTEA,
    CHECK ((icon_image IS NULL) = (icon_content_type IS NULL))
);

CREATE UNIQUE INDEX clubs_name_key ON clubs (name_key);

-- Members with their role as a rank: 0 founder, 1 admin, 2 leader, 3 member.
CREATE TABLE club_members (
    club_id   BIGINT      NOT NULL REFERENCES clubs (id) ON DELETE CASCADE,
    user_id   BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rank      SMALLINT    NOT NULL CHECK (rank BETWEEN 0 AND 3),
    joined_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (club_id, user_id)
);

CREATE INDEX club_members_list ON club_members (club_id, rank, joined_at, user_id);
CREATE INDEX club_members_user ON club_members (user_id, club_id);

-- Pending requests to join a club by approval (removed when approved or declined).
CREATE TABLE club_join_requests (
    club_id      BIGINT      NOT NULL REFERENCES clubs (id) ON DELETE CASCADE,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (club_id, user_id)
);

CREATE INDEX club_join_requests_oldest ON club_join_requests (club_id, requested_at, user_id);

-- A club room and whether only the club's members may join it.
ALTER TABLE rooms ADD COLUMN club_id BIGINT REFERENCES clubs (id);
ALTER TABLE rooms ADD COLUMN members_only BOOLEAN NOT NULL DEFAULT FALSE;
