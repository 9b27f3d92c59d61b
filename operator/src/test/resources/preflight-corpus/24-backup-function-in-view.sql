-- A monitoring view calling pg_is_in_backup() and pg_backup_start_time(), which PostgreSQL 15 removed
-- with exclusive backup mode: restoring the view fails.
-- pg_upgrade: refuses
CREATE VIEW backup_state AS SELECT pg_is_in_backup() AS running, pg_backup_start_time() AS since;
