-- A table storing a system catalog's row type (pg_class) inside a composite type, in an array: system
-- composite types get new OIDs on the new cluster, so pg_upgrade refuses them in user tables.
-- pg_upgrade: refuses
CREATE TYPE relation_snapshot AS (taken timestamptz, rel pg_class);
CREATE TABLE relation_history (id int PRIMARY KEY, snapshots relation_snapshot[]);
