-- Notifications: one row per recipient. Same tables, columns and rules as
-- migrations/sqlite/0004_notifications.sql.

CREATE TABLE notifications (
    id                BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind              TEXT        NOT NULL CHECK (kind IN ('room_started', 'went_on_stage',
                          'pinged', 'speak_invite', 'new_follower', 'invite_used',
                          'waitlist_named')),
    actor_id          BIGINT      REFERENCES users (id) ON DELETE CASCADE,
    room_id           TEXT        REFERENCES rooms (id) ON DELETE CASCADE,
    room_title        TEXT,
    waitlist_username TEXT,
    -- the display name the waitlisted person gave, when known
    waitlist_display_name TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    read_at           TIMESTAMPTZ
);

-- A member's notifications, newest first (keyset pagination on id).
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
-- The unread count: only unread rows are in this index.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
