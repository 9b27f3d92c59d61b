-- A user-defined encoding conversion: PostgreSQL 14 changed the signature of conversion functions,
-- so pg_upgrade refuses user conversions from 13 and older.
-- pg_upgrade: refuses
CREATE FUNCTION my_utf8_to_latin1(integer, integer, cstring, internal, integer) RETURNS void
  LANGUAGE c STRICT AS '$libdir/utf8_and_iso8859_1', 'utf8_to_iso8859_1';
CREATE CONVERSION my_latin1 FOR 'UTF8' TO 'LATIN1' FROM my_utf8_to_latin1;
