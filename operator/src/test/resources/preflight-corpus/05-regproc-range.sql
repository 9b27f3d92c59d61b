-- A range type over regproc (regproc borrows oid's btree operator class) stored in a table: pg_upgrade
-- looks through range types to their subtype.
-- pg_upgrade: refuses
CREATE TYPE proc_range AS RANGE (subtype = regproc);
CREATE TABLE windows (id int PRIMARY KEY, span proc_range);
INSERT INTO windows VALUES (1, NULL);
