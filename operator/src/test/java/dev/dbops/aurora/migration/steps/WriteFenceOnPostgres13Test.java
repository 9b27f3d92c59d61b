package dev.dbops.aurora.migration.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.model.migration.TableWrites;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.model.migration.WriteFenceStatus;
import dev.dbops.aurora.postgres.JdbcPostgresServer;
import dev.dbops.aurora.postgres.WriteCounters;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write fence on a real PostgreSQL 13, the source version: a plain application role writes to a
 * source the operator switched read-only, the way a real client can, and the fence must see it.
 */
class WriteFenceOnPostgres13Test {
  private static final String DB = "fence_db";
  private static final String APP_ROLE = "fence_app";

  private final Started postgres = EmbeddedPostgresServers.source();
  private final JdbcPostgresServer source = postgres.server();

  @BeforeEach
  void readOnlySourceWithAnAppRole() throws SQLException {
    postgres.recreateDatabase(DB);
    try (Connection c = postgres.connect(DB); Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN "
          + "CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD 'app'; END IF; END $$");
      s.execute("CREATE TABLE orders (id serial PRIMARY KEY, total int)");
      s.execute("INSERT INTO orders (total) SELECT g FROM generate_series(1, 500) g");
      s.execute("GRANT ALL ON orders, orders_id_seq TO " + APP_ROLE);
    }
    source.setReadOnly(List.of(DB), true);
  }

  @AfterEach
  void writable() {
    source.setReadOnly(List.of(DB), false);
  }

  @Test
  void clientThatKeepsTheDefaultGetsReadOnlyErrorAndQuietSourceShowsNoWritesDespiteAnalyze() throws SQLException {
    try (Connection app = app(); Statement s = app.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO orders (total) VALUES (1)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    try (Connection c = postgres.connect(DB); Statement s = c.createStatement()) {
      // What autovacuum does to a quiet source: ANALYZE writes pg_statistic (and takes a transaction id), VACUUM cleans.
      s.execute("ANALYZE");
      s.execute("VACUUM orders");
    }

    WriteCounters now = source.readWriteCounters(List.of(DB));
    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, now);

    assertThat(comparison.result()).as(comparison.describe()).isEqualTo(WriteFenceResult.NoWritesDetected);
    assertThat(comparison.writes()).isZero();
  }

  @Test
  void rowsAndSequenceValuesWrittenByAnAppRoleThatTurnsReadOnlyOffAreFoundWhileItsSessionStaysOpen() throws SQLException {
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    Connection app = app();
    try (Statement s = app.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      // Quick successive transactions, then idle: PostgreSQL 13 holds back the counts of all but the first.
      s.execute("INSERT INTO orders (total) VALUES (42)");
      s.execute("UPDATE orders SET total = total + 1 WHERE id = 1");
      s.execute("DELETE FROM orders WHERE id = 2");
      s.execute("BEGIN READ WRITE");
      s.execute("SELECT nextval('orders_id_seq')");
      s.execute("COMMIT");
    }

    WriteCounters now = source.readWriteCounters(List.of(DB));
    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, now);

    assertThat(comparison.result()).as(comparison.describe()).isEqualTo(WriteFenceResult.WritesDetected);
    assertThat(comparison.tables()).filteredOn(t -> t.getTable().equals("public.orders")).singleElement()
        .satisfies(t -> {
          assertThat(t.getInserts()).isEqualTo(1);
          assertThat(t.getUpdates()).isEqualTo(1);
          assertThat(t.getDeletes()).isEqualTo(1);
        });
    assertThat(comparison.sequencesChanged()).containsExactly(DB);
    assertThat(comparison.describe()).contains("fence_db.public.orders (+1 inserted, 1 updated, 1 deleted)");
    assertThat(now.sessionsEnded()).as("the writer's idle session was ended to flush its counts").isGreaterThanOrEqualTo(1);
    assertThat(app.isValid(2)).isFalse();
  }

  @Test
  void sequenceAdvancedAloneIsFound() throws SQLException {
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    try (Connection app = app(); Statement s = app.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      s.execute("SELECT nextval('orders_id_seq')");
    }

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, source.readWriteCounters(List.of(DB)));

    assertThat(comparison.result()).isEqualTo(WriteFenceResult.WritesDetected);
    assertThat(comparison.writes()).isZero();
    assertThat(comparison.sequencesChanged()).containsExactly(DB);
  }

  @Test
  void largeObjectWrittenInAReadOnlyTransactionIsFound() throws SQLException {
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    try (Connection app = app(); Statement s = app.createStatement()) {
      var rs = s.executeQuery("SELECT current_setting('transaction_read_only'), lo_from_bytea(0, 'written anyway')");
      rs.next();
      // Measured on 13: the large-object functions do not check the read-only flag.
      assertThat(rs.getString(1)).isEqualTo("on");
    }

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, source.readWriteCounters(List.of(DB)));

    assertThat(comparison.result()).isEqualTo(WriteFenceResult.WritesDetected);
    assertThat(comparison.tables()).extracting(TableWrites::getTable)
        .contains("pg_catalog.pg_largeobject_metadata", "pg_catalog.pg_largeobject");
  }

  @Test
  void tableCreatedAfterTheBaselineIsFoundThroughTheCatalogs() throws SQLException {
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    try (Connection app = app(); Statement s = app.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      s.execute("CREATE TABLE notes (body text)");
    }

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, source.readWriteCounters(List.of(DB)));

    assertThat(comparison.result()).isEqualTo(WriteFenceResult.WritesDetected);
    assertThat(comparison.tables()).extracting(TableWrites::getTable).contains("pg_catalog.pg_class");
  }

  @Test
  void resetStatisticsProveNothing() throws SQLException {
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    try (Connection c = postgres.connect(DB); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_reset()");
    }

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, source.readWriteCounters(List.of(DB)));

    assertThat(comparison.result()).isEqualTo(WriteFenceResult.Unprovable);
    assertThat(comparison.describe()).contains("statistics of fence_db were reset");
  }

  @Test
  void clientWritingThroughoutTheReadingMakesItUnprovable() throws Exception {
    WriteFenceStatus baseline = WriteFence.baselineOf(source.readWriteCounters(List.of(DB)), Instant.now());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    // Reconnects as fast as the fence ends its session, as a connection pool would.
    Thread writer = new Thread(() -> {
      while (!stop.get()) {
        try (Connection app = app(); Statement s = app.createStatement()) {
          s.execute("SET default_transaction_read_only = off");
          while (!stop.get()) {
            s.execute("INSERT INTO orders (total) VALUES (7)");
            written.incrementAndGet();
            Thread.sleep(20);
          }
        } catch (SQLException | InterruptedException e) {
          // ended by the fence: connect again
        }
      }
    });
    writer.start();
    try {
      while (written.get() == 0) {
        Thread.sleep(10);
      }
      WriteCounters now = source.readWriteCounters(List.of(DB));
      WriteFenceComparison comparison = WriteFenceComparison.of(baseline, now);

      assertThat(now.settled()).isFalse();
      assertThat(comparison.result()).isEqualTo(WriteFenceResult.Unprovable);
      assertThat(comparison.describe()).contains("transaction id(s) were assigned on the source while its counters were read");
    } finally {
      stop.set(true);
      writer.join();
    }
  }

  private Connection app() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + postgres.postgres().getPort() + "/" + DB, APP_ROLE, "app");
  }
}
