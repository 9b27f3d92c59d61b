-- A clean application schema: tables, keys, a view, a partitioned table, generated columns, a
-- sequence, a PL/pgSQL trigger, a SQL function, a materialized view, a policy.
-- pg_upgrade: accepts
CREATE TABLE customers (id bigserial PRIMARY KEY, email text UNIQUE NOT NULL, created timestamptz DEFAULT now());
CREATE TABLE orders (id bigserial, customer_id bigint REFERENCES customers, placed date NOT NULL,
  net numeric(12,2), vat numeric(12,2) GENERATED ALWAYS AS (net * 0.2) STORED,
  PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed);
CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE orders_default PARTITION OF orders DEFAULT;
CREATE VIEW big_orders AS SELECT o.id, c.email, o.net + o.vat AS gross FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.net > 100;
CREATE MATERIALIZED VIEW daily AS SELECT placed, sum(net) AS net FROM orders GROUP BY placed;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created := now(); RETURN NEW; END $$;
CREATE TRIGGER customers_touch BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION gross(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 1.2';
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON customers USING (email = current_user);
INSERT INTO customers (email) VALUES ('a@example.com');
INSERT INTO orders (customer_id, placed, net) VALUES (1, '2024-05-01', 150);
