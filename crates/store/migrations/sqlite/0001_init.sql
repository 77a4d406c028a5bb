-- Stoa schema, SQLite dialect. Timestamps are INTEGER unix milliseconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    invite_quota  INTEGER NOT NULL DEFAULT 0,
    nominated_by  INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL
);

-- Usernames are unique ignoring case.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

CREATE TABLE invites (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- hex sha256 of the secret code; the clear code is never stored
    code_hash  TEXT    NOT NULL UNIQUE,
    -- NULL for the bootstrap invite (which makes the first admin)
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    used_by    INTEGER UNIQUE REFERENCES users (id),
    used_at    INTEGER,
    revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

CREATE INDEX invites_created_by ON invites (created_by, created_at);

CREATE TABLE sessions (
    -- hex sha256 of the bearer token
    token_hash TEXT    PRIMARY KEY NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE rooms (
    id         TEXT    PRIMARY KEY NOT NULL,
    title      TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('open', 'social', 'closed')),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    ended_at   INTEGER,
    -- the live room's last roles (JSON), for recovery after a restart
    state_json TEXT
);

CREATE INDEX rooms_live ON rooms (created_at) WHERE ended_at IS NULL;
