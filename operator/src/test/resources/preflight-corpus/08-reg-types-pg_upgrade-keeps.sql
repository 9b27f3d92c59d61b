-- regclass, regtype and regrole columns (also in arrays and composites): pg_upgrade preserves the
-- OIDs of relations, types and roles, so it accepts them.
-- pg_upgrade: accepts
CREATE TYPE ref AS (rel regclass, typ regtype);
CREATE TABLE audit (id int PRIMARY KEY, rel regclass, typ regtype, who regrole, refs ref[]);
INSERT INTO audit VALUES (1, 'audit', 'int4', 'postgres', ARRAY[ROW('audit', 'text')::ref]);
