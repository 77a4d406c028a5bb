-- Room access: members admitted to a room beyond what its kind allows (named by the moderators
-- when a closed room starts, or pinged in by someone in it). One row per member and room; the
-- first admission wins.
CREATE TABLE room_admissions (
    room_id     TEXT        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id     BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    admitted_by BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT        NOT NULL CHECK (reason IN ('named', 'pinged')),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
