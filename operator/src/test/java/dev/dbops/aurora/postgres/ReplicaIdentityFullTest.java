package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a real PostgreSQL 13: only the listed tables change, a second run changes nothing, an unknown table is reported. */
class ReplicaIdentityFullTest {
  private static final String DB = "bg_replica_identity";
  private final Started blue = EmbeddedPostgresServers.source();
  private final ReplicaIdentityFull replicaIdentity = new JdbcReplicaIdentityFull();

  @AfterAll
  static void dropDatabase() {
    EmbeddedPostgresServers.source().dropDatabase(DB);
  }

  @BeforeEach
  void tablesWithoutKeys() throws SQLException {
    blue.recreateDatabase(DB);
    try (Connection c = blue.connect(DB); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA app; CREATE TABLE app.audit_log (at timestamptz, note text);"
          + " CREATE TABLE app.\"Events\" (at timestamptz); CREATE TABLE app.untouched (note text)");
    }
  }

  @Test
  void setsFullOnTheListedTablesOnlyAndOnlyOnce() throws SQLException {
    var first = replicaIdentity.apply(blue.server(), List.of(DB + ".app.audit_log", DB + ".app.Events"));
    assertThat(first.set()).containsExactly(DB + ".app.audit_log", DB + ".app.Events");
    assertThat(identity("audit_log")).isEqualTo("f");
    assertThat(identity("Events")).isEqualTo("f");
    assertThat(identity("untouched")).isEqualTo("d");
    // An UPDATE without a key now works under a publication FOR ALL TABLES, as replication needs.
    try (Connection c = blue.connect(DB); Statement st = c.createStatement()) {
      st.execute("CREATE PUBLICATION bg_check FOR ALL TABLES");
      st.execute("INSERT INTO app.audit_log VALUES (now(), 'a')");
      assertThat(st.executeUpdate("UPDATE app.audit_log SET note = 'b'")).isEqualTo(1);
      st.execute("DROP PUBLICATION bg_check");
    }

    var again = replicaIdentity.apply(blue.server(), List.of(DB + ".app.audit_log", DB + ".app.missing"));
    assertThat(again.set()).isEmpty();
    assertThat(again.alreadyFull()).containsExactly(DB + ".app.audit_log");
    assertThat(again.missing()).containsExactly(DB + ".app.missing");
  }

  private String identity(String table) throws SQLException {
    try (Connection c = blue.connect(DB); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT relreplident FROM pg_class WHERE relname = '" + table + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
