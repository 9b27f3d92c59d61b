-- The migration names one database (spec.source.databases: app), but another database of the same
-- cluster holds a regprocedure column: pg_upgrade upgrades the whole cluster and refuses it.
-- pg_upgrade: refuses
-- databases: app
CREATE DATABASE app;
CREATE DATABASE reports;
\connect reports
CREATE TABLE report_fns (fn regprocedure);
