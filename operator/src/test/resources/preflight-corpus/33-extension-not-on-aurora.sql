-- file_fdw: the community 15 binaries have it, Aurora PostgreSQL 15 does not offer it.
-- pg_upgrade: accepts
-- false blocker: Aurora PostgreSQL 15 does not offer file_fdw (Aurora's extension list); community pg_upgrade finds its library
CREATE EXTENSION file_fdw;
