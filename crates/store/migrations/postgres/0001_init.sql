-- Stoa schema, PostgreSQL dialect. Same tables, columns and rules as migrations/sqlite;
-- timestamps are TIMESTAMPTZ (the store writes them at millisecond precision).
-- Tables are created unqualified, so they land in the first schema of the search_path.

CREATE TABLE users (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT        NOT NULL,
    display_name  TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    is_admin      BOOLEAN     NOT NULL DEFAULT FALSE,
    invite_quota  BIGINT      NOT NULL DEFAULT 0,
    nominated_by  BIGINT      REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL
);

-- Usernames are unique ignoring case.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

CREATE TABLE invites (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- hex sha256 of the secret code; the clear code is never stored
    code_hash  TEXT        NOT NULL UNIQUE,
    -- NULL for the bootstrap invite (which makes the first admin)
    created_by BIGINT      REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    used_by    BIGINT      UNIQUE REFERENCES users (id),
    used_at    TIMESTAMPTZ,
    revoked    BOOLEAN     NOT NULL DEFAULT FALSE
);

CREATE INDEX invites_created_by ON invites (created_by, created_at);

CREATE TABLE sessions (
    -- hex sha256 of the bearer token
    token_hash TEXT        PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE rooms (
    id         TEXT        PRIMARY KEY,
    title      TEXT        NOT NULL,
    kind       TEXT        NOT NULL CHECK (kind IN ('open', 'social', 'closed')),
    created_by BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ,
    -- the live room's last roles (JSON), for recovery after a restart
    state_json TEXT
);

CREATE INDEX rooms_live ON rooms (created_at) WHERE ended_at IS NULL;
