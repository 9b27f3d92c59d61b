-- hstore's deprecated @ operator in a view: pg_upgrade keeps hstore at its old version, which still
-- has @, so it accepts; ALTER EXTENSION hstore UPDATE afterwards would fail (Preflight warns).
-- pg_upgrade: accepts
CREATE EXTENSION hstore;
CREATE TABLE tagged (id int PRIMARY KEY, tags hstore);
CREATE VIEW red_things AS SELECT id FROM tagged WHERE tags @ 'colour=>red'::hstore;
