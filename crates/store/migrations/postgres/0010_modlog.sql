-- Room moderation log, and who was ever a moderator of a room. Same tables, columns and rules
-- as migrations/sqlite/0010_modlog.sql.

-- One moderator action (or a server action: host hand-over) in a room. Kept after the room
-- ends. `action` is the wire name of `ModAction`; `actor` is NULL when the server acted.
CREATE TABLE room_mod_log (
    id         BIGSERIAL   PRIMARY KEY,
    room_id    TEXT        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    at         TIMESTAMPTZ NOT NULL,
    actor_id   BIGINT      REFERENCES users (id) ON DELETE SET NULL,
    action     TEXT        NOT NULL,
    target_id  BIGINT      REFERENCES users (id) ON DELETE SET NULL,
    detail     TEXT
);

-- A room's log, newest first (keyset on id).
CREATE INDEX room_mod_log_room ON room_mod_log (room_id, id);

-- Members who are or ever were a moderator of a room.
CREATE TABLE room_moderators (
    room_id  TEXT        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id  BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    since    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
