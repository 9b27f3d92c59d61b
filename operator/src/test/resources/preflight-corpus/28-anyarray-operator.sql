-- A user operator on array_cat(anyarray, anyarray).
-- pg_upgrade: refuses
CREATE OPERATOR ||| (LEFTARG = anyarray, RIGHTARG = anyarray, PROCEDURE = array_cat);
