-- pg_backup_start_time() in a column default and pg_is_in_backup() in a check constraint.
-- pg_upgrade: refuses
CREATE TABLE backup_log (id int PRIMARY KEY, started timestamptz DEFAULT pg_backup_start_time(),
  CHECK (NOT pg_is_in_backup()));
