-- Same change as migrations/sqlite/0007_notification_extra.sql: a JSON column `extra` for
-- events, clubs and notes, and the kind list moves from a CHECK constraint into the code.

ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check;
ALTER TABLE notifications ADD COLUMN extra TEXT;
