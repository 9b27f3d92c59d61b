-- A user-defined postfix operator: PostgreSQL 14 removed postfix operators; pg_upgrade refuses.
-- pg_upgrade: refuses
CREATE FUNCTION percent(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 / 100';
CREATE OPERATOR %% (LEFTARG = numeric, PROCEDURE = percent);
