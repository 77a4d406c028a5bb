-- The fencing token of the room's newest owner (the epoch of its lease in a cluster; 0 on a
-- single node, where there are no leases). Every write a room task makes raises it to the
-- writer's epoch in the same transaction, and is refused when a greater one is stored: a
-- stale owner (paused, partitioned) cannot write after a newer owner took the room over.
ALTER TABLE rooms ADD COLUMN owner_epoch BIGINT NOT NULL DEFAULT 0;
