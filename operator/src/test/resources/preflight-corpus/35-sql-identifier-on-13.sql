-- A column of information_schema.sql_identifier: its storage changed in 12, so pg_upgrade refuses it
-- only from 11 and older; from 13 it is accepted.
-- pg_upgrade: accepts
CREATE TABLE column_names AS SELECT table_name, column_name FROM information_schema.columns LIMIT 5;
