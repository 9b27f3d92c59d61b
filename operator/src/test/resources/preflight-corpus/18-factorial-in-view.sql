-- A view using the built-in postfix factorial operator: pg_upgrade --check passes, the restore of
-- the view on 15 fails (syntax error at the postfix operator).
-- pg_upgrade: refuses
CREATE VIEW factorials AS SELECT n, n ! AS f FROM generate_series(1, 5) AS n;
