package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue on a real PostgreSQL 13, green on a real 15. The same DDL on both must give no finding, however differently
 * the two versions store or print it; each change made on one side only must give exactly its finding.
 */
class SchemaDriftTest {

  private static final String DB = "bg_drift";

  /**
   * Beyond the shop: what a deparser prints (defaults, checks, views, expression and partial indexes, triggers,
   * generated columns) and what differs between the two majors by design (hstore's version and functions).
   */
  private static final String MORE_DDL =
      """
      CREATE EXTENSION hstore;
      CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
      CREATE DOMAIN shop.sku AS varchar(12) NOT NULL DEFAULT 'none' CHECK (VALUE ~ '^[A-Z0-9-]+$');
      CREATE TYPE shop.money_amount AS (amount numeric(12, 2), currency char(3));
      CREATE TYPE shop.price_band AS RANGE (subtype = numeric);
      CREATE TABLE shop.shipments (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
        status shop.status NOT NULL DEFAULT 'new',
        sent_on date DEFAULT CURRENT_DATE,
        label varchar(40) COLLATE "C",
        sku shop.sku,
        insured shop.money_amount,
        band shop.price_band,
        weight_g numeric(12, 3) CHECK (weight_g >= 0),
        weight_kg numeric GENERATED ALWAYS AS (weight_g / 1000) STORED,
        attrs hstore,
        created timestamp(3) with time zone DEFAULT now(),
        UNIQUE (order_id, label)
      );
      CREATE INDEX shipments_lower_label ON shop.shipments (lower(label)) WHERE status <> 'shipped';
      CREATE SEQUENCE shop.invoice_numbers INCREMENT BY 5 START WITH 1000 CACHE 10;
      CREATE VIEW shop.open_orders AS
        SELECT o.id, c.name, o.ordered_at::date AS day FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id
        WHERE NOT o.paid AND o.note IS DISTINCT FROM 'test' ORDER BY o.ordered_at DESC;
      CREATE MATERIALIZED VIEW shop.daily AS
        SELECT date_trunc('day', ordered_at) AS day, count(*) AS n FROM shop.orders GROUP BY 1;
      CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created := now(); RETURN NEW; END $$;
      CREATE TRIGGER shipments_touch BEFORE UPDATE ON shop.shipments FOR EACH ROW EXECUTE FUNCTION shop.touch();
      CREATE FUNCTION shop.order_total(order_id bigint, OUT total numeric) LANGUAGE sql
        AS 'SELECT sum(i.quantity * p.price) FROM shop.order_items i JOIN shop.products p ON p.id = i.product_id WHERE i.order_id = $1';
      CREATE PROCEDURE shop.archive(before date) LANGUAGE sql AS 'DELETE FROM shop.audit_log WHERE at < before';
      CREATE TABLE shop.events (id bigint, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE shop.events_2026 PARTITION OF shop.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      """;

  private final Started blue = EmbeddedPostgresServers.source();
  private final Started green = EmbeddedPostgresServers.target();
  private final SchemaDrift drift = new JdbcSchemaDrift();

  /** Other tests read every database on the shared servers: leave nothing behind. */
  @AfterAll
  static void dropDatabase() {
    EmbeddedPostgresServers.source().dropDatabase(DB);
    EmbeddedPostgresServers.target().dropDatabase(DB);
  }

  @BeforeEach
  void sameSchemaBothSides() throws SQLException {
    for (Started side : List.of(blue, green)) {
      side.recreateDatabase(DB);
      try (Connection c = side.connect(DB); Statement s = c.createStatement()) {
        SampleSchema.createTables(c);
        s.execute(MORE_DDL);
      }
    }
  }

  @Test
  void identicalSchemaOnThirteenAndFifteenHasNoDrift() {
    assertThat(drift.between(blue.server(), green.server(), List.of(DB))).isEmpty();
  }

  @Test
  void reportsExactlyWhatChangedOnOneSide() throws SQLException {
    try (Connection c = blue.connect(DB); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE shop.orders ADD COLUMN coupon text");
      s.execute("CREATE FUNCTION shop.discount(price numeric, percent integer) RETURNS numeric LANGUAGE sql"
          + " AS 'SELECT price * (100 - percent) / 100'");
    }
    try (Connection c = green.connect(DB); Statement s = c.createStatement()) {
      s.execute("CREATE INDEX orders_ordered_at ON shop.orders (ordered_at)");
      s.execute("ALTER TABLE shop.products ALTER COLUMN title TYPE varchar(200)");
    }

    List<DriftFinding> findings = drift.between(blue.server(), green.server(), List.of(DB));

    assertThat(findings)
        .extracting(DriftFinding::code, DriftFinding::object, DriftFinding::blue, DriftFinding::green)
        .containsExactly(
            tuple("column-only-on-blue", DB + ".shop.orders.coupon", "text NULL", null),
            tuple("column-differs", DB + ".shop.products.title", "text NOT NULL", "character varying(200) NOT NULL"),
            tuple("function-only-on-blue", DB + ".shop.discount(numeric, integer)",
                "function returns numeric", null),
            tuple("index-only-on-green", DB + ".shop.orders_ordered_at", null,
                "CREATE INDEX orders_ordered_at ON shop.orders USING btree (ordered_at)"));
    assertThat(findings.get(1).message())
        .isEqualTo(DB + ".shop.products.title differs: blue has text NOT NULL, green has character varying(200) NOT NULL");
  }

  @Test
  void reportsDifferentDefaultsAndConstraints() throws SQLException {
    try (Connection c = green.connect(DB); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE shop.orders ALTER COLUMN paid SET DEFAULT true");
      s.execute("ALTER TABLE shop.order_items DROP CONSTRAINT order_items_quantity_check");
      s.execute("ALTER TABLE shop.order_items ADD CONSTRAINT order_items_quantity_check CHECK (quantity > 1)");
    }

    assertThat(drift.between(blue.server(), green.server(), List.of(DB)))
        .extracting(DriftFinding::code, DriftFinding::object)
        .containsExactly(
            tuple("column-differs", DB + ".shop.orders.paid"),
            tuple("constraint-differs", DB + ".shop.order_items.order_items_quantity_check"));
  }

  /** One change per kind the other tests leave out, so the empty result above is not an empty read. */
  @Test
  void comparesEveryObjectKind() throws SQLException {
    try (Connection c = green.connect(DB); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA reporting");
      s.execute("CREATE TABLE reporting.nothing_yet ()");
      s.execute("DROP MATERIALIZED VIEW shop.daily");
      s.execute("DROP TRIGGER shipments_touch ON shop.shipments");
      s.execute("ALTER SEQUENCE shop.invoice_numbers INCREMENT BY 10");
      s.execute("CREATE EXTENSION file_fdw");
      s.execute("ALTER TYPE shop.status ADD VALUE 'returned'");
    }

    assertThat(drift.between(blue.server(), green.server(), List.of(DB)))
        .extracting(DriftFinding::code, DriftFinding::object)
        .containsExactlyInAnyOrder(
            tuple("schema-only-on-green", DB + ".reporting"),
            tuple("table-only-on-green", DB + ".reporting.nothing_yet"),
            tuple("view-only-on-blue", DB + ".shop.daily"),
            tuple("trigger-only-on-blue", DB + ".shop.shipments.shipments_touch"),
            tuple("sequence-differs", DB + ".shop.invoice_numbers"),
            tuple("extension-only-on-green", DB + ".file_fdw"),
            tuple("type-differs", DB + ".shop.status"));
  }
}
