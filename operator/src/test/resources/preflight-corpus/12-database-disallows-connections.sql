-- A database with datallowconn = false (e.g. set aside by a DBA): pg_upgrade must connect to every
-- database but template0, so it refuses; the operator's database list used to skip it silently.
-- pg_upgrade: refuses
CREATE DATABASE archive;
ALTER DATABASE archive ALLOW_CONNECTIONS false;
