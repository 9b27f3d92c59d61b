-- An array of regoper in a table: pg_upgrade looks through array types.
-- pg_upgrade: refuses
CREATE TABLE rules (id int PRIMARY KEY, ops regoper[]);
INSERT INTO rules VALUES (1, ARRAY['||/'::regoper]);
