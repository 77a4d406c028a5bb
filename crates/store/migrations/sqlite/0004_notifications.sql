-- Notifications: one row per recipient. Names (actor, room title) are resolved when read, except
-- the room title, which is kept as it was (rooms cannot be renamed, and the room may end).

CREATE TABLE notifications (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('room_started', 'went_on_stage', 'pinged',
                          'speak_invite', 'new_follower', 'invite_used', 'waitlist_named')),
    actor_id          INTEGER REFERENCES users (id) ON DELETE CASCADE,
    room_id           TEXT    REFERENCES rooms (id) ON DELETE CASCADE,
    room_title        TEXT,
    waitlist_username TEXT,
    -- the display name the waitlisted person gave, when known
    waitlist_display_name TEXT,
    created_at        INTEGER NOT NULL,
    read_at           INTEGER
);

-- A member's notifications, newest first (keyset pagination on id).
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
-- The unread count: only unread rows are in this index.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
