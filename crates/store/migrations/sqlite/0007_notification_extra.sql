-- Notifications name events, clubs and admins' notes: one JSON column `extra` (see
-- NotificationExtra), and the kind list moves out of a CHECK constraint into the code (the
-- store refuses to read an unknown kind), so new kinds need no table rebuild. SQLite cannot drop
-- a CHECK constraint, so the table is rebuilt once here.

CREATE TABLE notifications_v2 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL,
    actor_id          INTEGER REFERENCES users (id) ON DELETE CASCADE,
    room_id           TEXT    REFERENCES rooms (id) ON DELETE CASCADE,
    room_title        TEXT,
    waitlist_username TEXT,
    waitlist_display_name TEXT,
    created_at        INTEGER NOT NULL,
    read_at           INTEGER,
    extra             TEXT
);

INSERT INTO notifications_v2 (id, user_id, kind, actor_id, room_id, room_title,
    waitlist_username, waitlist_display_name, created_at, read_at)
SELECT id, user_id, kind, actor_id, room_id, room_title, waitlist_username,
    waitlist_display_name, created_at, read_at
FROM notifications;

DROP TABLE notifications;
ALTER TABLE notifications_v2 RENAME TO notifications;

CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
