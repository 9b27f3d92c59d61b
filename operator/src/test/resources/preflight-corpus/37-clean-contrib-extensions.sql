-- Contrib extensions that Aurora 15 and the Debian 15 packages both offer, used in columns, indexes
-- and views with their current operators (<@, @>): accepted; older extension versions only warn.
-- pg_upgrade: accepts
CREATE EXTENSION hstore;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION citext;
CREATE EXTENSION ltree;
CREATE EXTENSION intarray;
CREATE EXTENSION cube;
CREATE TABLE items (id int PRIMARY KEY, name citext, tags hstore, path ltree, codes int[], pos cube);
CREATE INDEX items_name_trgm ON items USING gin ((name::text) gin_trgm_ops);
CREATE INDEX items_path ON items USING gist (path);
CREATE INDEX items_codes ON items USING gin (codes gin__int_ops);
CREATE VIEW red_items AS SELECT id FROM items WHERE tags @> 'colour=>red' AND codes @> ARRAY[1] AND pos <@ cube(array[0,0], array[1,1]);
INSERT INTO items VALUES (1, 'Lamp', 'colour=>red', 'home.light', '{1,2}', cube(array[0.5,0.5]));
