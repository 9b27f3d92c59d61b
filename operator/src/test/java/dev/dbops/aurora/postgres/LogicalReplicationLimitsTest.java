package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blue/Green readiness on a real PostgreSQL 13: each object logical replication refuses or leaves behind is
 * created and found, the shop schema is judged as it is, and the premise of the main blocker is shown on the
 * server itself.
 */
class LogicalReplicationLimitsTest {

  private static final String LIMITS = "bg_limits";
  private static final String SHOP = "bg_shop";
  private static final String PREMISE = "bg_premise";
  private static final String SUBSCRIPTION = "bg_limits_sub";

  private static final Started source = EmbeddedPostgresServers.source();
  private static List<SchemaFinding> findings;

  @BeforeAll
  static void createObjects() throws SQLException {
    source.recreateDatabase(LIMITS);
    source.recreateDatabase(SHOP);
    source.recreateDatabase(PREMISE);
    try (Connection c = source.connect(LIMITS); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE legacy_events (at timestamptz NOT NULL, what text)");
      s.execute("CREATE TABLE keyed_by_dropped_index (id integer NOT NULL)");
      s.execute("CREATE UNIQUE INDEX keyed_id ON keyed_by_dropped_index (id)");
      s.execute("ALTER TABLE keyed_by_dropped_index REPLICA IDENTITY USING INDEX keyed_id");
      s.execute("DROP INDEX keyed_id");
      s.execute("CREATE TABLE unidentified (id integer PRIMARY KEY)");
      s.execute("ALTER TABLE unidentified REPLICA IDENTITY NOTHING");
      s.execute("CREATE TABLE opted_in (payload text)");
      s.execute("ALTER TABLE opted_in REPLICA IDENTITY FULL");
      s.execute("CREATE TABLE keyed_by_unique (code text NOT NULL)");
      s.execute("CREATE UNIQUE INDEX keyed_code ON keyed_by_unique (code)");
      s.execute("ALTER TABLE keyed_by_unique REPLICA IDENTITY USING INDEX keyed_code");
      s.execute("CREATE UNLOGGED TABLE scratch (id integer PRIMARY KEY)");
      s.execute("SELECT lo_from_bytea(0, 'scanned invoice'::bytea)");
      s.execute("CREATE SEQUENCE invoice_numbers");
      s.execute("CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n FROM unidentified");
      s.execute("CREATE TABLE measurements (id integer, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
      s.execute("CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      s.execute("CREATE EXTENSION file_fdw");
      s.execute("CREATE SERVER files FOREIGN DATA WRAPPER file_fdw");
      s.execute("CREATE FOREIGN TABLE imports (line text) SERVER files OPTIONS (filename '/dev/null')");
      s.execute("CREATE PUBLICATION analytics FOR TABLE opted_in");
      // connect = false: no publisher needed; slot_name = NONE so it can be dropped without one.
      s.execute("CREATE SUBSCRIPTION " + SUBSCRIPTION + " CONNECTION 'dbname=nowhere' PUBLICATION analytics"
          + " WITH (connect = false, slot_name = NONE)");
    }
    try (Connection c = source.connect(SHOP)) {
      SampleSchema.load(c);
    }
    findings = source.server().logicalReplicationFindings(List.of(LIMITS));
  }

  /** Subscriptions are cluster-wide and every database is checked: leave nothing for other tests. */
  @AfterAll
  static void dropObjects() throws SQLException {
    try (Connection c = source.connect(LIMITS); Statement s = c.createStatement()) {
      s.execute("DROP SUBSCRIPTION IF EXISTS " + SUBSCRIPTION);
    }
    try (Connection c = source.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + LIMITS);
      s.execute("DROP DATABASE IF EXISTS " + SHOP);
      s.execute("DROP DATABASE IF EXISTS " + PREMISE);
    }
  }

  @Test
  void tablesWithoutUsableReplicaIdentityAreBlockers() {
    assertThat(objects("tables-without-replica-identity", LIMITS))
        .containsExactly(LIMITS + ".public.keyed_by_dropped_index", LIMITS + ".public.legacy_events");
    assertThat(objects("replica-identity-nothing", LIMITS)).containsExactly(LIMITS + ".public.unidentified");
    assertThat(finding("tables-without-replica-identity", LIMITS + ".public.legacy_events"))
        .satisfies(f -> {
          assertThat(f.blocker()).isTrue();
          assertThat(f.message()).contains("no primary key").contains("UPDATE and DELETE");
          assertThat(f.advice()).contains("REPLICA IDENTITY FULL").contains("opt-in").contains("never sets it for you");
        });
    assertThat(finding("tables-without-replica-identity", LIMITS + ".public.keyed_by_dropped_index").message())
        .contains("replica identity index is gone");
  }

  @Test
  void replicaIdentityFullAndUniqueIndexesAreHonoured() {
    assertThat(in(LIMITS)).extracting(SchemaFinding::object)
        .noneMatch(o -> o.endsWith(".opted_in") || o.endsWith(".keyed_by_unique") || o.contains("measurements_2026"));
  }

  @Test
  void dataLogicalReplicationDoesNotCarryIsABlocker() {
    assertThat(objects("unlogged-tables", LIMITS)).containsExactly(LIMITS + ".public.scratch");
    assertThat(finding("large-objects", LIMITS + ".large objects"))
        .satisfies(f -> {
          assertThat(f.blocker()).isTrue();
          assertThat(f.message()).contains("(1)");
        });
    assertThat(finding("unlogged-tables", LIMITS + ".public.scratch").advice())
        .contains("rds.logically_replicate_unlogged_tables");
  }

  @Test
  void whatNeedsCareDuringTheDeploymentIsAWarning() {
    assertThat(finding("sequences", LIMITS + ".sequences")).satisfies(f -> {
      assertThat(f.blocker()).isFalse();
      assertThat(f.message()).contains("(1)");
    });
    assertThat(objects("materialized-views", LIMITS)).containsExactly(LIMITS + ".public.totals");
    // The partitioned parent is named once; its partition is an ordinary table with the parent's key.
    assertThat(objects("partitioned-tables", LIMITS)).containsExactly(LIMITS + ".public.measurements");
    assertThat(objects("foreign-tables", LIMITS)).containsExactly(LIMITS + ".public.imports");
    assertThat(finding("foreign-tables", LIMITS + ".public.imports").message()).contains("server files");
    assertThat(in(LIMITS)).filteredOn(f -> List.of("sequences", "materialized-views", "partitioned-tables",
        "foreign-tables").contains(f.check())).noneMatch(SchemaFinding::blocker);
  }

  @Test
  void anExistingPublisherOrSubscriberIsABlocker() {
    assertThat(finding("existing-publications", LIMITS + ".publication analytics"))
        .satisfies(f -> assertThat(f.blocker()).isTrue());
    assertThat(findings).filteredOn(f -> f.check().equals("existing-subscriptions"))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.object()).isEqualTo("subscription " + SUBSCRIPTION);
          assertThat(f.message()).contains("in database " + LIMITS);
          assertThat(f.blocker()).isTrue();
        });
  }

  @Test
  void everyFindingSaysWhatAndHow() {
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.message()).isNotBlank();
      assertThat(f.advice()).isNotBlank();
    });
  }

  @Test
  void databasesTheMigrationDoesNotNameAreCheckedToo() {
    // Blue/Green replicates every database, so the shop's own check also reports the limits database.
    List<SchemaFinding> fromShop = source.server().logicalReplicationFindings(List.of(SHOP));

    assertThat(fromShop).extracting(SchemaFinding::object).contains(LIMITS + ".public.scratch");
  }

  @Test
  void shopSchemaIsBlockedOnlyByItsAuditLogUntilItOptsIntoFullIdentity() throws SQLException {
    assertThat(in(SHOP, source.server().logicalReplicationFindings(List.of(SHOP))))
        .filteredOn(SchemaFinding::blocker)
        .extracting(SchemaFinding::check, SchemaFinding::object)
        .containsExactly(tuple("tables-without-replica-identity", SHOP + ".shop.audit_log"));

    try (Connection c = source.connect(SHOP); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE shop.audit_log REPLICA IDENTITY FULL");
    }
    List<SchemaFinding> optedIn = in(SHOP, source.server().logicalReplicationFindings(List.of(SHOP)));

    assertThat(optedIn).noneMatch(SchemaFinding::blocker);
    // orders.id is a bigserial: its sequence is the one thing to carry by hand.
    assertThat(optedIn).extracting(SchemaFinding::check).containsExactly("sequences");
  }

  /** The blocker is PostgreSQL's own rule, not folklore: a published table without identity refuses UPDATE. */
  @Test
  void publishedTableWithoutPrimaryKeyRefusesUpdateAndDelete() throws SQLException {
    try (Connection c = source.connect(PREMISE); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE audit (at timestamptz NOT NULL, action text)");
      s.execute("INSERT INTO audit VALUES (now(), 'login')");
      s.execute("CREATE PUBLICATION everything FOR ALL TABLES");

      s.execute("INSERT INTO audit VALUES (now(), 'logout')");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit SET action = 'signin' WHERE action = 'login'"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"))
          .hasMessageContaining("does not have a replica identity");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));

      // The advice works: with the explicit opt-in the same UPDATE goes through.
      s.execute("ALTER TABLE audit REPLICA IDENTITY FULL");
      assertThat(s.executeUpdate("UPDATE audit SET action = 'signin' WHERE action = 'login'")).isEqualTo(1);
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  private static SchemaFinding finding(String check, String object) {
    return findings.stream().filter(f -> f.check().equals(check) && object.equals(f.object())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " finding for " + object + " in " + findings));
  }

  private static List<String> objects(String check, String database) {
    return in(database).stream().filter(f -> f.check().equals(check)).map(SchemaFinding::object).toList();
  }

  private static List<SchemaFinding> in(String database) {
    return in(database, findings);
  }

  private static List<SchemaFinding> in(String database, List<SchemaFinding> all) {
    return all.stream().filter(f -> f.object() != null && f.object().startsWith(database + ".")).toList();
  }
}
