-- The member's chosen language ("en" or "ro"): the web client's and the notification texts'.
-- NULL until the member (or their browser, on first sign-in) chooses. Same column as
-- migrations/sqlite/0016_member_language.sql.
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'ro'));
