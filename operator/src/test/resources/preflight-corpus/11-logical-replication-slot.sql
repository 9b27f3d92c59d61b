-- A logical replication slot (a CDC consumer, or a forgotten DMS task).
-- pg_upgrade: accepts
-- false blocker: pg_upgrade 15 silently drops logical slots, but Aurora's major-upgrade pre-check refuses to start while one exists (Aurora User Guide, "Managing logical replication slots for Aurora PostgreSQL")
-- setting: wal_level = logical
CREATE TABLE orders (id int PRIMARY KEY);
SELECT pg_create_logical_replication_slot('cdc', 'test_decoding');
