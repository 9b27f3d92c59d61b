-- A view reading pg_database.datlastsysoid, which PostgreSQL 15 removed: restoring the view fails.
-- pg_upgrade: refuses
CREATE VIEW database_oids AS SELECT datname, datlastsysoid FROM pg_database;
