-- The old geometric containment operator @ on boxes in a view: PostgreSQL 14 removed it (now <@).
-- pg_upgrade: refuses
CREATE TABLE shapes (id int PRIMARY KEY, b box);
CREATE VIEW small_shapes AS SELECT id FROM shapes WHERE b @ box '((0,0),(10,10))';
