-- A regproc column in template1: pg_upgrade checks every database that allows connections, templates
-- included; the operator's database list used to leave templates out.
-- pg_upgrade: refuses
\connect template1
CREATE TABLE template_calls (fn regproc);
