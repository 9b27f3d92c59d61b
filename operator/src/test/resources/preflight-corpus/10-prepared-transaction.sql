-- A prepared transaction nobody committed: pg_upgrade refuses a cluster with prepared transactions.
-- pg_upgrade: refuses
CREATE TABLE payments (id int PRIMARY KEY);
BEGIN;
INSERT INTO payments VALUES (1);
PREPARE TRANSACTION 'payment-1';
