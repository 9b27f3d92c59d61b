package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcPostgresServerTest {

  private final Started source = EmbeddedPostgresServers.source();
  private final JdbcPostgresServer server = source.server();

  @Test
  void reportsTheMajorVersionOfEachServer() {
    assertThat(server.majorVersion()).isEqualTo(EmbeddedPostgresServers.SOURCE_MAJOR);
    assertThat(EmbeddedPostgresServers.target().server().majorVersion()).isEqualTo(EmbeddedPostgresServers.TARGET_MAJOR);
  }

  @Test
  void listsConnectableDatabasesWithoutTemplates() {
    source.createDatabase("listed_db");

    assertThat(server.databases()).contains("postgres", "listed_db").doesNotContain("template0", "template1");
  }

  @Test
  void refusesWritesOnceSourceIsReadOnly() throws SQLException {
    String db = "readonly_db";
    source.recreateDatabase(db);
    try (Connection c = source.connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
    }

    server.setReadOnly(List.of(db), true);

    assertThat(server.isReadOnly(List.of(db))).isTrue();
    try (Connection c = source.connect(db); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (1)"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25006");
    }
  }

  @Test
  void readWriteRestoredOnRollback() throws SQLException {
    String db = "rollback_db";
    source.recreateDatabase(db);
    try (Connection c = source.connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
    }
    server.setReadOnly(List.of(db), true);

    server.setReadOnly(List.of(db), false);

    assertThat(server.isReadOnly(List.of(db))).isFalse();
    try (Connection c = source.connect(db); Statement s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES (1)");
      assertThat(count(s, "SELECT count(*) FROM t")).isEqualTo(1);
    }
  }

  @Test
  void readOnlyOnlyWhenEveryListedDatabaseIs() {
    source.recreateDatabase("partly_a");
    source.recreateDatabase("partly_b");

    server.setReadOnly(List.of("partly_a"), true);

    assertThat(server.isReadOnly(List.of("partly_a"))).isTrue();
    assertThat(server.isReadOnly(List.of("partly_a", "partly_b"))).isFalse();
  }

  @Test
  void refusesToJudgeReadOnlyWithoutDatabases() {
    assertThatThrownBy(() -> server.isReadOnly(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quotesDatabaseNamesGivenByUsers() {
    String db = "odd \"name\"; DROP DATABASE postgres; --";
    source.recreateDatabase(db);

    server.setReadOnly(List.of(db), true);

    assertThat(server.isReadOnly(List.of(db))).isTrue();
    assertThat(server.databases()).contains(db, "postgres");
    server.setReadOnly(List.of(db), false);
    assertThat(server.isReadOnly(List.of(db))).isFalse();
  }

  @Test
  void terminatesSessionsStartedBeforeTheSwitch() throws SQLException {
    String db = "sessions_db";
    source.recreateDatabase(db);
    try (Connection app = appSession(db);
        Connection operator = server.connect(db)) {
      try (Statement s = app.createStatement()) {
        s.execute("CREATE TABLE t (id int)");
        s.execute("INSERT INTO t VALUES (1)");
      }
      server.setReadOnly(List.of(db), true);
      // Read-only applies to new sessions only: this earlier one could still write.
      try (Statement s = app.createStatement()) {
        s.execute("INSERT INTO t VALUES (2)");
      }

      int terminated = server.terminateOtherSessions(List.of(db));

      assertThat(terminated).isEqualTo(1);
      assertThatThrownBy(() -> {
            try (Statement s = app.createStatement()) {
              s.execute("INSERT INTO t VALUES (3)");
            }
          })
          .isInstanceOf(SQLException.class);
      try (Statement s = operator.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM t")).isEqualTo(2);
      }
    }
  }

  @Test
  void postUpgradeTasksAnalyzeAndUpdateExtensions() throws SQLException {
    Started target = EmbeddedPostgresServers.target();
    String db = "post_upgrade_db";
    target.recreateDatabase(db);
    String defaultVersion;
    try (Connection c = target.connect(db); Statement s = c.createStatement()) {
      SampleSchema.load(c);
      // As pg_upgrade leaves it: the extension at the version the old server had.
      s.execute("CREATE EXTENSION hstore VERSION '1.4'");
      try (ResultSet rs = s.executeQuery("SELECT default_version FROM pg_available_extensions WHERE name = 'hstore'")) {
        rs.next();
        defaultVersion = rs.getString(1);
      }
    }
    assertThat(defaultVersion).isNotEqualTo("1.4");

    List<String> done = target.server().runPostUpgradeTasks(List.of(db));

    assertThat(done).contains("ANALYZE in " + db)
        .anySatisfy(line -> assertThat(line).startsWith("ALTER EXTENSION hstore UPDATE in " + db));
    try (Connection c = target.connect(db); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'hstore'")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(defaultVersion);
      }
      assertThat(count(s, "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'shop' AND last_analyze IS NULL"))
          .isZero();
    }
  }

  @Test
  void extensionThatCannotBeUpdatedIsReportedAndTheRestGoesOn() throws SQLException {
    Started target = EmbeddedPostgresServers.target();
    String db = "post_upgrade_blocked_db";
    target.recreateDatabase(db);
    try (Connection c = target.connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION hstore VERSION '1.4'");
      s.execute("CREATE EXTENSION pg_trgm VERSION '1.3'");
      // hstore 1.8 drops the old @ operator, which this view still uses.
      s.execute("CREATE VIEW tagged AS SELECT 'a=>1'::hstore @ 'a=>1,b=>2'::hstore AS inside");
    }

    List<String> done = target.server().runPostUpgradeTasks(List.of(db));

    assertThat(done).anySatisfy(line -> assertThat(line).startsWith("could not update extension hstore in " + db));
    assertThat(done).anySatisfy(line -> assertThat(line).startsWith("ALTER EXTENSION pg_trgm UPDATE in " + db));
  }

  @Test
  void failuresCarrySqlStateButNeverThePassword() {
    var endpoint = new PostgresEndpoint("localhost", source.postgres().getPort(), "postgres",
        SecretValue.of("s3cret-Pa55"), "disable");
    var withPassword = new JdbcPostgresServer(endpoint, "no_such_database");

    assertThatThrownBy(withPassword::databases)
        .isInstanceOf(PostgresException.class)
        .satisfies(e -> assertThat(((PostgresException) e).sqlState()).isEqualTo("3D000"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-Pa55"));
    assertThat(withPassword.toString()).doesNotContain("s3cret-Pa55");
    assertThat(endpoint.toString()).doesNotContain("s3cret-Pa55");
  }

  /** An application's session: not the operator's application_name, so fair game for termination. */
  private Connection appSession(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("password", "postgres");
    p.setProperty("ApplicationName", "billing-app");
    return java.sql.DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + source.postgres().getPort() + "/" + db, p);
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
