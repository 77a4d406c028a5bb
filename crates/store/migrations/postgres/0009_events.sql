-- Scheduled events: a title and a start time, hosts, an optional club, members who asked to be
-- notified; the room once a host starts it. Calendar feed tokens (hashed).
-- Same tables, columns and rules as migrations/sqlite/0009_events.sql.

CREATE TABLE events (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title            TEXT        NOT NULL,
    description      TEXT        NOT NULL DEFAULT '',
    starts_at        TIMESTAMPTZ NOT NULL,
    created_by       BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    club_id          BIGINT      REFERENCES clubs (id) ON DELETE CASCADE,
    members_only     BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL,
    -- bumped on every edit and on cancel (iCalendar SEQUENCE)
    sequence         BIGINT      NOT NULL DEFAULT 0,
    cancelled_at     TIMESTAMPTZ,
    -- the room, once started (set once)
    room_id          TEXT        REFERENCES rooms (id),
    -- when the hosts were told the event is due (or it was skipped as too late): at most once
    starting_sent_at TIMESTAMPTZ
);

-- The scheduler's next due event.
CREATE INDEX events_pending ON events (starts_at)
    WHERE cancelled_at IS NULL AND room_id IS NULL AND starting_sent_at IS NULL;
CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_club ON events (club_id, starts_at);

-- Hosts: the creator (position 0) and co-hosts, in order.
CREATE TABLE event_hosts (
    event_id BIGINT  NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

CREATE INDEX event_hosts_user ON event_hosts (user_id, event_id);

-- "Notify me".
CREATE TABLE event_notify (
    event_id   BIGINT      NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

CREATE INDEX event_notify_user ON event_notify (user_id, event_id);

-- Each member's private calendar feed token (the secret in `/cal/{token}.ics`): one per member,
-- shown again on every visit; a reset replaces it. Kept in clear on purpose: the feed is
-- read-only and shows only what this database already holds, so hashing would protect nothing
-- while making the URL impossible to show twice.
CREATE TABLE calendar_tokens (
    token      TEXT        PRIMARY KEY,
    user_id    BIGINT      NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);
