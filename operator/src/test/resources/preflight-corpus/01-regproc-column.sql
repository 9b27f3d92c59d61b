-- A table column of type regproc: its stored OIDs name functions by number, and the numbers differ on
-- the new cluster, so pg_upgrade refuses reg* columns other than regclass, regrole and regtype.
-- pg_upgrade: refuses
CREATE TABLE saved_calls (id int PRIMARY KEY, target regproc);
INSERT INTO saved_calls VALUES (1, 'now');
