-- A temporary table with a regproc column left behind in pg_temp_N by a session that died in a crash
-- (autovacuum, which would drop such orphans, is off): pg_upgrade skips temporary schemas, so it accepts.
-- pg_upgrade: accepts
-- setting: autovacuum = off
-- orphan-session: CREATE TEMP TABLE scratch (fn regproc, fns regprocedure[])
CREATE TABLE kept (id int PRIMARY KEY);
