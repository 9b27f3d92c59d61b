-- numeric_fac() called by name in a view: PostgreSQL 14 removed the function with the operator.
-- pg_upgrade: refuses
CREATE VIEW facts AS SELECT numeric_fac(5) AS f;
