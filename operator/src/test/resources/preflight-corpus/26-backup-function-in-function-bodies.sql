-- pg_start_backup/pg_stop_backup inside SQL and PL/pgSQL function bodies: pg_dump restores bodies with
-- check_function_bodies off, so pg_upgrade accepts them; the functions fail when called on 15
-- (Preflight warns).
-- pg_upgrade: accepts
CREATE FUNCTION begin_backup() RETURNS pg_lsn LANGUAGE sql AS $$ SELECT pg_start_backup('nightly') $$;
CREATE FUNCTION end_backup() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_stop_backup(); END $$;
