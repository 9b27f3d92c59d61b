-- A domain over regconfig as a column type: pg_upgrade looks through domains.
-- pg_upgrade: refuses
CREATE DOMAIN search_config AS regconfig;
CREATE TABLE documents (id int PRIMARY KEY, config search_config);
INSERT INTO documents VALUES (1, 'english');
