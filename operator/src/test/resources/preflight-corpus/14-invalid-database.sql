-- A database left invalid by an interrupted DROP DATABASE (13.13+ marks it datconnlimit = -2 before
-- removing files); nobody can connect to it any more.
-- pg_upgrade: refuses
CREATE DATABASE half_dropped;
UPDATE pg_database SET datconnlimit = -2 WHERE datname = 'half_dropped';
