-- A column of a sequence's row type: PostgreSQL 14 stopped creating row types for sequences, so the
-- table cannot be restored.
-- pg_upgrade: refuses
CREATE SEQUENCE ticket_seq;
CREATE TABLE ticket_state (saved ticket_seq);
