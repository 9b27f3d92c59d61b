-- regnamespace four levels down: a domain over an array of a composite holding a composite holding
-- regnamespace, used only by a materialized view's column and by a partition of a partitioned table.
-- pg_upgrade: refuses
CREATE TYPE inner_ref AS (ns regnamespace);
CREATE TYPE outer_ref AS (label text, ref inner_ref);
CREATE DOMAIN ref_list AS outer_ref[];
CREATE TABLE events (id int, day date, refs ref_list) PARTITION BY RANGE (day);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE MATERIALIZED VIEW event_refs AS SELECT id, refs FROM events;
