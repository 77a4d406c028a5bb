-- Why a member was suspended (the admin's note, or `stoa admin suspend --reason`). A NULL
-- `suspended_by` now also means the operator suspended them from the command line.
ALTER TABLE suspensions ADD COLUMN reason TEXT;
