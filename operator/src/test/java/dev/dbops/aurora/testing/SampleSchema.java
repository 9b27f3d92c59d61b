package dev.dbops.aurora.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schemas the SQL, migration and demo tests load into real PostgreSQL.
 *
 * <p>{@link #createTables} + {@link #insertRows}: a small shop (schema {@code shop}) with primary and
 * foreign keys, a table without a primary key, a sequence, and values whose text form is easy to get
 * wrong (floats, time zones, bytea, jsonb, arrays, NULLs, quotes and newlines) — several thousand
 * rows in all, generated deterministically so two loads are identical.
 *
 * <p>{@link #loadProblems}: schema {@code legacy} with one object per preflight blocker (and warning) that
 * PostgreSQL 13 still lets one create. Objects PostgreSQL 13 cannot hold (tables WITH OIDS, abstime
 * columns) are absent; their checks only apply to an 11 source.
 */
public final class SampleSchema {

  /** Rows per table, so tests can say how much they expect without repeating numbers. */
  public static final int CUSTOMERS = 500;
  public static final int PRODUCTS = 200;
  public static final int ORDERS = 2_000;
  public static final int ITEMS_PER_ORDER = 3;
  public static final int AUDIT_ENTRIES = 1_500;

  /** The application's role: logs in, reads and writes the shop tables; neither owner nor superuser. */
  public static final String APP_ROLE = "shop_app";
  public static final String APP_PASSWORD = "shop-app-password";

  private SampleSchema() {}

  /** Tables, data, and the application role with its grants. */
  public static void load(Connection connection) throws SQLException {
    createTables(connection);
    insertRows(connection);
    grantAppRole(connection);
  }

  /**
   * {@link #APP_ROLE} with its password and the rights an application has (roles belong to the whole
   * server, so a second load on the same server keeps the role). Needs a role that may create roles.
   */
  public static void grantAppRole(Connection connection) throws SQLException {
    execute(connection,
        """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
            CREATE ROLE %1$s LOGIN PASSWORD '%2$s' NOSUPERUSER NOCREATEDB NOCREATEROLE;
          END IF;
        END $$;
        GRANT USAGE ON SCHEMA shop TO %1$s;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA shop TO %1$s;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA shop TO %1$s;
        """.formatted(APP_ROLE, APP_PASSWORD));
  }

  /** Tables only. */
  public static void createTables(Connection connection) throws SQLException {
    execute(connection,
        """
        CREATE SCHEMA shop;
        CREATE TABLE shop.customers (
          id bigint PRIMARY KEY,
          name text NOT NULL,
          email text UNIQUE,
          created_at timestamptz NOT NULL,
          preferences jsonb
        );
        CREATE TABLE shop.products (
          id integer PRIMARY KEY,
          title text NOT NULL,
          price numeric(10, 2) NOT NULL,
          weight_kg double precision,
          tags text[],
          thumbnail bytea
        );
        CREATE TABLE shop.orders (
          id bigserial PRIMARY KEY,
          customer_id bigint NOT NULL REFERENCES shop.customers (id),
          ordered_at timestamptz NOT NULL,
          delivery interval,
          paid boolean NOT NULL DEFAULT false,
          note text
        );
        CREATE TABLE shop.order_items (
          order_id bigint NOT NULL REFERENCES shop.orders (id),
          line smallint NOT NULL,
          product_id integer NOT NULL REFERENCES shop.products (id),
          quantity integer NOT NULL CHECK (quantity > 0),
          PRIMARY KEY (order_id, line)
        );
        -- No primary key on purpose: the comparison must not rely on one.
        CREATE TABLE shop.audit_log (
          at timestamptz NOT NULL,
          actor text,
          action text NOT NULL,
          detail jsonb
        );
        CREATE INDEX ON shop.orders (customer_id);
        """);
  }

  public static void insertRows(Connection connection) throws SQLException {
    execute(connection,
        """
        INSERT INTO shop.customers
        SELECT g, 'Customer ' || g || CASE WHEN g %% 7 = 0 THEN ' O''Brien' ELSE '' END,
               CASE WHEN g %% 11 = 0 THEN NULL ELSE 'c' || g || '@example.org' END,
               timestamptz '2020-01-01 00:00:00+00' + g * interval '37 minutes',
               jsonb_build_object('newsletter', g %% 2 = 0, 'lang', (ARRAY['en', 'de', 'fr'])[1 + g %% 3])
        FROM generate_series(1, %1$d) g;

        INSERT INTO shop.products
        SELECT g, 'Product ' || g || E'\\nline two',
               round((g * 1.37)::numeric, 2),
               g / 3.0,
               ARRAY['tag' || (g %% 5), 'tag' || (g %% 3)],
               decode(md5(g::text), 'hex')
        FROM generate_series(1, %2$d) g;

        INSERT INTO shop.orders (customer_id, ordered_at, delivery, paid, note)
        SELECT 1 + (g * 7) %% %1$d,
               timestamptz '2021-06-01 12:00:00+02' + g * interval '1 hour 3 minutes',
               (g %% 10) * interval '1 day 2 hours',
               g %% 3 = 0,
               CASE WHEN g %% 13 = 0 THEN NULL ELSE 'note ' || g END
        FROM generate_series(1, %3$d) g;

        INSERT INTO shop.order_items
        SELECT o, l, 1 + (o * l) %% %2$d, 1 + (o + l) %% 4
        FROM generate_series(1, %3$d) o, generate_series(1, %4$d) l;

        INSERT INTO shop.audit_log
        SELECT timestamptz '2022-01-01 00:00:00+00' + g * interval '1 second',
               CASE WHEN g %% 9 = 0 THEN NULL ELSE 'user' || (g %% 17) END,
               (ARRAY['login', 'logout', 'order', 'refund'])[1 + g %% 4],
               CASE WHEN g %% 5 = 0 THEN NULL ELSE jsonb_build_object('n', g, 'f', g / 7.0) END
        FROM generate_series(1, %5$d) g;
        """.formatted(CUSTOMERS, PRODUCTS, ORDERS, ITEMS_PER_ORDER, AUDIT_ENTRIES));
  }

  /**
   * One object per blocker the preflight looks for, plus two warnings (an outdated extension and a
   * function calling the exclusive-backup API). Needs a superuser (languages, file_fdw).
   */
  public static void loadProblems(Connection connection) throws SQLException {
    execute(connection,
        """
        CREATE SCHEMA legacy;

        -- Postfix operator (removed in 14).
        CREATE FUNCTION legacy.percent_of(numeric) RETURNS numeric LANGUAGE sql AS 'SELECT $1 / 100';
        CREATE OPERATOR legacy.%% (LEFTARG = numeric, FUNCTION = legacy.percent_of);

        -- A view on the built-in postfix factorial operator (also removed in 14).
        CREATE VIEW legacy.factorials AS SELECT 5::bigint ! AS five_factorial;

        -- Aggregate and operator on array_append's old anyarray/anyelement signature (changed in 14).
        CREATE AGGREGATE legacy.array_accum(anyelement) (SFUNC = array_append, STYPE = anyarray, INITCOND = '{}');
        CREATE OPERATOR legacy.##> (LEFTARG = anyarray, RIGHTARG = anyelement, FUNCTION = array_append);

        -- Python 2 (removed in 15). The binaries carry no Python 2, so the language is declared with
        -- PL/pgSQL's handler: the catalog then looks as it does on a server with plpython2u, which is
        -- all the check reads.
        CREATE LANGUAGE plpython2u HANDLER plpgsql_call_handler VALIDATOR plpgsql_validator;
        CREATE FUNCTION legacy.py_add(a integer, b integer) RETURNS integer LANGUAGE plpython2u
          AS 'BEGIN RETURN a + b; END';

        -- reg* column other than regclass/regrole/regtype (pg_upgrade refuses it).
        CREATE TABLE legacy.saved_calls (id integer PRIMARY KEY, target regprocedure NOT NULL);
        INSERT INTO legacy.saved_calls VALUES (1, 'now()'::regprocedure);

        -- sql_identifier column: refused by pg_upgrade only from an 11 source.
        CREATE TABLE legacy.catalog_copy (id integer PRIMARY KEY, name information_schema.sql_identifier);

        -- Extension Aurora does not offer.
        CREATE EXTENSION file_fdw SCHEMA legacy;

        -- Warning: an extension left at an old version.
        CREATE EXTENSION hstore VERSION '1.4' SCHEMA legacy;

        -- Containment operators @ and ~ removed in 14: a built-in one (blocker) and hstore's (warning).
        CREATE VIEW legacy.small_boxes AS SELECT box '((0,0),(1,1))' @ box '((0,0),(2,2))' AS inside;
        CREATE VIEW legacy.tagged AS SELECT 'a=>1'::legacy.hstore OPERATOR(legacy.@) 'a=>1,b=>2'::legacy.hstore AS inside;

        -- Warning: a function calling the exclusive backup API renamed in 15.
        CREATE FUNCTION legacy.nightly_backup() RETURNS void LANGUAGE plpgsql
          AS $$ BEGIN PERFORM pg_start_backup('nightly'); END $$;
        """);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
