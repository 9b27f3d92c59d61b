-- The postfix factorial operator in a check constraint and in an index expression.
-- pg_upgrade: refuses
CREATE TABLE sizes (n bigint CHECK (n ! < 1000000));
CREATE INDEX sizes_factorial ON sizes ((n !));
