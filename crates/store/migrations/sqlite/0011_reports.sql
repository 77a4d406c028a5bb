-- Reports worked by site admins, and suspended members.

-- A report about a member (`subject = 'member'`, maybe from a room they were both in) or a room
-- (`subject = 'room'`; `target_user_id` is the room's creator).
CREATE TABLE reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject        TEXT    NOT NULL CHECK (subject IN ('member', 'room')),
    target_user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    room_id        TEXT    REFERENCES rooms (id) ON DELETE SET NULL,
    reason         TEXT    NOT NULL,
    details        TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'dismissed', 'warned', 'suspended')),
    created_at     INTEGER NOT NULL,
    resolved_by    INTEGER REFERENCES users (id),
    resolved_at    INTEGER,
    note           TEXT    NOT NULL DEFAULT '',
    CHECK ((status = 'open') = (resolved_at IS NULL))
);

-- The open queue, oldest first.
CREATE INDEX reports_open ON reports (created_at, id) WHERE status = 'open';
-- The resolved list, newest first.
CREATE INDEX reports_resolved ON reports (resolved_at, id) WHERE status <> 'open';
-- A reporter's recent reports (rate limit, duplicates).
CREATE INDEX reports_reporter ON reports (reporter_id, created_at);
-- The open reports about a member (resolved together).
CREATE INDEX reports_target_open ON reports (target_user_id) WHERE status = 'open';

-- Suspended members: no sessions, no sign-in. One row per member.
CREATE TABLE suspensions (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    suspended_by INTEGER REFERENCES users (id),
    suspended_at INTEGER NOT NULL
);
