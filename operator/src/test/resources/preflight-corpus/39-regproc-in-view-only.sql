-- regproc only in a view's output and in a function's arguments: views and functions store no
-- values, so pg_upgrade accepts.
-- pg_upgrade: accepts
CREATE VIEW trigger_functions AS SELECT tgname, tgfoid::regproc AS fn FROM pg_trigger;
CREATE FUNCTION describe(fn regprocedure) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
