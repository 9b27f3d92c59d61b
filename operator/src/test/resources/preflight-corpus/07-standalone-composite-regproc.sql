-- A composite type with a regproc field that no table, index or materialized view stores: nothing
-- on disk holds an OID, so pg_upgrade accepts it (functions may take and return it freely).
-- pg_upgrade: accepts
CREATE TYPE hook AS (name text, fn regproc);
CREATE FUNCTION make_hook(text) RETURNS hook LANGUAGE sql AS $$ SELECT ROW($1, 'now'::regproc)::hook $$;
CREATE VIEW current_hooks AS SELECT (make_hook('x')).fn AS fn;
