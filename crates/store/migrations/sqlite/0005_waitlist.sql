-- Waitlist: a person without an invite reserves a username (held 30 days) and names up to five
-- members who know them; one of those members waves them in, and they finish sign-up.

CREATE TABLE waitlist (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- hex sha256 of the secret token of the reservation link; the clear token is never stored
    token_hash   TEXT    NOT NULL UNIQUE,
    username     TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    -- the username is held until then (unless the reservation was consumed by sign-up)
    expires_at   INTEGER NOT NULL,
    -- the first named member who waved them in
    waved_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    waved_at     INTEGER,
    -- the account made from the reservation; set once, the token is dead afterwards
    user_id      INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    consumed_at  INTEGER
);

-- "Is this username held?": live reservations by lower-cased name.
CREATE INDEX waitlist_username ON waitlist (lower(username), expires_at)
    WHERE consumed_at IS NULL;

-- The members a reservation names, in the order given.
CREATE TABLE waitlist_named (
    waitlist_id INTEGER NOT NULL REFERENCES waitlist (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (waitlist_id, user_id)
) WITHOUT ROWID;

-- "Waiting for you": the reservations naming a member, newest first.
CREATE INDEX waitlist_named_user ON waitlist_named (user_id, waitlist_id);

-- The invite tree walks users.nominated_by downwards.
CREATE INDEX users_nominated_by ON users (nominated_by);
