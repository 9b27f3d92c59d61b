-- A user aggregate on array_append(anyarray, anyelement): PostgreSQL 14 changed array_append to
-- anycompatible types, so pg_upgrade refuses the old definition.
-- pg_upgrade: refuses
CREATE AGGREGATE array_accum(anyelement) (SFUNC = array_append, STYPE = anyarray, INITCOND = '{}');
