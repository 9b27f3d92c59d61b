-- Several application databases and a database-level setting, all clean.
-- pg_upgrade: accepts
CREATE DATABASE billing;
CREATE DATABASE crm;
ALTER DATABASE crm SET work_mem = '8MB';
\connect billing
CREATE TABLE invoices (id int PRIMARY KEY, total numeric);
\connect crm
CREATE TABLE contacts (id int PRIMARY KEY, name text);
