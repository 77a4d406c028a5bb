-- Site admins are told of every new report: finding them reads this small index, not the
-- whole users table.
CREATE INDEX users_admins ON users (id) WHERE is_admin;
