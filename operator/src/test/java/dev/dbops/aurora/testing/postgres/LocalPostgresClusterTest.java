package dev.dbops.aurora.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in for Aurora's storage does what Aurora's does: a snapshot copies the whole cluster,
 * settings included, and a major upgrade is the real pg_upgrade.
 */
class LocalPostgresClusterTest {
  private final PostgresInstallation pg = PostgresInstallation.local();
  private final Path root = tempDir();
  private LocalPostgresCluster source;
  private LocalPostgresCluster restored;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
    if (restored != null) {
      restored.stop();
    }
  }

  @Test
  void snapshotCarriesDatabaseSettingsAndUpgradeKeepsThem() throws Exception {
    source = LocalPostgresCluster.initialise(pg, 13, root.resolve("source"), "postgres", "secret");
    int sourcePort = LocalPostgresCluster.freePort();
    source.start(sourcePort);
    try (Connection c = connect(sourcePort); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
      s.execute("INSERT INTO t VALUES (1)");
      s.execute("ALTER DATABASE postgres SET default_transaction_read_only = on");
    }
    source.backupTo(root.resolve("snapshot"), "postgres", "secret");

    restored = LocalPostgresCluster.copyOf(pg, root.resolve("snapshot"), root.resolve("target-13"));
    var outcome = restored.upgrade(15, root.resolve("target-15"), "postgres", false);
    assertThat(outcome.ok()).as(outcome.output()).isTrue();
    restored = LocalPostgresCluster.at(pg, root.resolve("target-15"));
    int targetPort = LocalPostgresCluster.freePort();
    restored.start(targetPort);

    try (Connection c = connect(targetPort); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000, count(*) FROM t");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(15);
      assertThat(rs.getInt(2)).isEqualTo(1);
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "secret");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("local-postgres");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
