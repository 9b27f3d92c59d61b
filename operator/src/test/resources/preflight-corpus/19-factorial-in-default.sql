-- The postfix factorial operator in a column default: restored as part of CREATE TABLE, so it fails.
-- pg_upgrade: refuses
CREATE TABLE counters (id int PRIMARY KEY, start numeric DEFAULT (3 !));
