-- The old geometric operators ~ (contains) in a check constraint and @ in an index expression.
-- pg_upgrade: refuses
CREATE TABLE zones (id int PRIMARY KEY, area polygon, spot point,
  CHECK (area ~ point '(0,0)'));
CREATE INDEX zones_near_origin ON zones ((spot @ box '((-1,-1),(1,1))'));
