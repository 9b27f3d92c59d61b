-- Geometry with the operators that replaced @ and ~ (<@, @>) in views, checks and indexes, and a
-- view over pg_stat_activity and pg_database columns that 15 still has.
-- pg_upgrade: accepts
CREATE TABLE parcels (id int PRIMARY KEY, area box CHECK (area <@ box '((0,0),(1000,1000))'));
CREATE INDEX parcels_area ON parcels USING gist (area);
CREATE VIEW central_parcels AS SELECT id FROM parcels WHERE area <@ box '((0,0),(10,10))' OR area @> point '(5,5)';
CREATE VIEW sessions AS SELECT a.pid, d.datname, a.state FROM pg_stat_activity a JOIN pg_database d ON d.oid = a.datid;
CREATE VIEW factorial_fn AS SELECT factorial(5) AS f;
