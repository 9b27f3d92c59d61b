-- A composite type with a regprocedure field, stored as a table column: pg_upgrade recurses into
-- composite types, so the table is refused although no column is itself of a reg* type.
-- pg_upgrade: refuses
CREATE TYPE callback AS (label text, fn regprocedure);
CREATE TABLE jobs (id int PRIMARY KEY, on_done callback);
INSERT INTO jobs VALUES (1, ROW('tick', 'now()'));
