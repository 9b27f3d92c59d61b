package dev.dbops.aurora.testing.aurora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dbops.aurora.testing.MotoServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * Blue/Green on the local Aurora through the real SDK: blue on PostgreSQL 13, green on 15, native logical
 * replication between them, a switchover that fences blue and swaps the endpoints.
 */
@ExtendWith(MotoServer.class)
class LocalAuroraBlueGreenTest {
  private static final String PASSWORD = "master-password";
  private LocalAurora aurora;
  private RdsClient rds;

  @BeforeEach
  void start() {
    aurora = LocalAurora.start(MotoServer.endpoint());
    rds = RdsClient.builder().endpointOverride(aurora.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.credentials()).build();
  }

  @AfterEach
  void stop() {
    rds.close();
    aurora.close();
  }

  @Test
  void aWriterOnBlueThroughCreateSyncAndSwitchoverLosesAndDoublesNothingOnGreen() throws Exception {
    DBCluster blue = create("shop", "13.12");
    try (Connection c = connect(blue); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL)");
      s.execute("INSERT INTO items SELECT g, 0 FROM generate_series(1, 5000) g");
    }
    enableLogicalReplication("shop");
    Writer writer = new Writer(blue.endpoint(), blue.port(), 5000);
    Thread thread = new Thread(writer, "blue-green-writer");
    thread.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> writer.commits.get() > 100);

      BlueGreenDeployment created = rds.createBlueGreenDeployment(b -> b.blueGreenDeploymentName("shop-to-15")
          .source(blue.dbClusterArn()).targetEngineVersion("15.4")).blueGreenDeployment();
      String id = created.blueGreenDeploymentIdentifier();
      // moto says AVAILABLE at once; green is still being built here.
      assertThat(deployment(id).status()).isEqualTo("PROVISIONING");
      assertThatThrownBy(() -> rds.switchoverBlueGreenDeployment(b -> b.blueGreenDeploymentIdentifier(id)))
          .isInstanceOfSatisfying(RdsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBlueGreenDeploymentStateFault"));
      long provisioning = System.nanoTime();
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> deployment(id).status().equals("AVAILABLE"));
      System.out.printf("blue/green: green provisioned in %d ms while the writer committed %d writes%n",
          Duration.ofNanos(System.nanoTime() - provisioning).toMillis(), writer.commits.get());
      long before = writer.commits.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> writer.commits.get() > before + 200);

      rds.switchoverBlueGreenDeployment(b -> b.blueGreenDeploymentIdentifier(id).switchoverTimeout(300));
      assertThat(deployment(id).status()).isEqualTo("SWITCHOVER_IN_PROGRESS");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> deployment(id).status().equals("SWITCHOVER_COMPLETED"));
      long after = writer.commits.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> writer.commits.get() > after + 200);
    } finally {
      writer.stop.set(true);
      thread.join(30_000);
    }
    assertThat(writer.failure).as("the writer's last unexpected error").isNull();

    DBCluster switched = describe("shop");
    assertThat(switched.engineVersion()).isEqualTo("15.4");
    assertThat(switched.endpoint()).isEqualTo(blue.endpoint());
    assertThat(switched.port()).isEqualTo(blue.port());
    Map<Long, Integer> onGreen = new HashMap<>();
    try (Connection c = connect(switched); Statement s = c.createStatement()) {
      ResultSet version = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000");
      version.next();
      assertThat(version.getInt(1)).isEqualTo(15);
      ResultSet rows = s.executeQuery("SELECT id, v FROM items");
      while (rows.next()) {
        onGreen.put(rows.getLong(1), rows.getInt(2));
      }
    }
    // Every committed insert is there once (a primary key), with the value of its last committed update.
    assertThat(onGreen).hasSameSizeAs(writer.committed).isEqualTo(writer.committed);

    DBCluster oldBlue = describe("shop-old1");
    assertThat(oldBlue.engineVersion()).isEqualTo("13.12");
    try (Connection c = connect(oldBlue); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO items VALUES (-1, 0)"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
    }
    BlueGreenRecord record = aurora.blueGreenDeployment(deploymentIdOf("shop-to-15")).orElseThrow();
    System.out.printf("blue/green switchover: writes blocked %d ms (data plane: fence to green serving on blue's"
            + " endpoint); the writer saw no commit for %d ms at most; %d writes committed, %d rows on green; load %s%n",
        record.blockedMillis(), writer.longestGapMillis.get(), writer.commits.get(), onGreen.size(), loadAverage());
    assertThat(aurora.log()).anyMatch(l -> l.contains("switchover done; writes blocked for"));
  }

  @Test
  void publishedBlueRefusesUpdatesWithoutReplicaIdentityAndDdlSequencesAndLargeObjectsStayBehind() throws Exception {
    DBCluster blue = create("limits", "13.12");
    try (Connection c = connect(blue); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE nokey (a int)");
      s.execute("INSERT INTO nokey VALUES (1)");
      s.execute("CREATE TABLE keyed (id serial PRIMARY KEY, note text)");
      s.execute("INSERT INTO keyed (note) VALUES ('before')");
    }
    enableLogicalReplication("limits");
    String id = rds.createBlueGreenDeployment(b -> b.blueGreenDeploymentName("limits-to-15")
        .source(blue.dbClusterArn()).targetEngineVersion("15.4")).blueGreenDeployment().blueGreenDeploymentIdentifier();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> deployment(id).status().equals("AVAILABLE"));
    DBCluster green = describe(RdsActions.clusterOfArn(deployment(id).target()));
    assertThat(green.engineVersion()).isEqualTo("15.4");

    try (Connection b = connect(blue); Statement s = b.createStatement()) {
      assertThatThrownBy(() -> s.execute("UPDATE nokey SET a = 2"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("55000");
            assertThat(e.getMessage()).contains("does not have a replica identity");
          });
      assertThatThrownBy(() -> s.execute("DELETE FROM nokey"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"));
      s.execute("INSERT INTO nokey VALUES (3)");
      s.execute("INSERT INTO keyed (note) VALUES ('during')");
      s.execute("SELECT nextval('keyed_id_seq') FROM generate_series(1, 50)");
      s.execute("CREATE TABLE added_later (id int PRIMARY KEY)");
      s.execute("SELECT lo_from_bytea(0, 'a large object')");
    }
    try (Connection g = connect(green); Statement s = g.createStatement()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> count(s, "SELECT count(*) FROM keyed") == 2);
      assertThat(count(s, "SELECT count(*) FROM nokey")).isEqualTo(2);
      // Not replicated: the sequence's value, the DDL, the large object.
      assertThat(count(s, "SELECT last_value FROM keyed_id_seq")).isEqualTo(1);
      assertThat(count(s, "SELECT count(*) FROM pg_class WHERE relname = 'added_later'")).isZero();
      assertThat(count(s, "SELECT count(*) FROM pg_largeobject_metadata")).isZero();
    }

    rds.deleteBlueGreenDeployment(b -> b.blueGreenDeploymentIdentifier(id));
    try (Connection b = connect(blue); Statement s = b.createStatement()) {
      // Replication has ended: blue publishes nothing, so the update goes through again.
      s.execute("UPDATE nokey SET a = 2");
    }
    assertThat(describe("limits").status()).isEqualTo("available");
    assertThat(describe(green.dbClusterIdentifier()).status()).isEqualTo("available");
  }

  @Test
  void aBlueWithoutLogicalReplicationIsRefusedUntilARebootAppliesItsParameterGroup() throws Exception {
    DBCluster blue = create("plain", "13.12");
    assertThatThrownBy(() -> rds.createBlueGreenDeployment(b -> b.blueGreenDeploymentName("plain-to-15")
        .source(blue.dbClusterArn()).targetEngineVersion("15.4")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SourceClusterNotSupportedFault"));

    try (Connection session = connect(blue); Statement s = session.createStatement()) {
      setLogicalReplicationGroup("plain");
      // A static parameter waits for the reboot: still refused, and the server still runs with replica.
      assertThatThrownBy(() -> rds.createBlueGreenDeployment(b -> b.blueGreenDeploymentName("plain-to-15")
          .source(blue.dbClusterArn()).targetEngineVersion("15.4"))).isInstanceOf(RdsException.class);
      assertThat(setting(s, "wal_level")).isEqualTo("replica");

      rds.rebootDBInstance(b -> b.dbInstanceIdentifier("plain-writer"));
      // The reboot restarted the server: the session open across it is gone.
      assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
    }
    try (Connection after = connect(blue); Statement s = after.createStatement()) {
      assertThat(setting(s, "wal_level")).isEqualTo("logical");
    }
    String id = rds.createBlueGreenDeployment(b -> b.blueGreenDeploymentName("plain-to-15")
        .source(blue.dbClusterArn()).targetEngineVersion("15.4")).blueGreenDeployment().blueGreenDeploymentIdentifier();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> deployment(id).status().equals("AVAILABLE"));
  }

  /** What the operator's EnableLogicalReplication step does: a group with rds.logical_replication = 1, a reboot. */
  private void enableLogicalReplication(String cluster) {
    setLogicalReplicationGroup(cluster);
    rds.rebootDBInstance(b -> b.dbInstanceIdentifier(cluster + "-writer"));
  }

  /** A cluster parameter group with rds.logical_replication = 1 on the cluster, and a writer to reboot later. */
  private void setLogicalReplicationGroup(String cluster) {
    String group = cluster + "-logical";
    rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-postgresql13")
        .description("logical replication for Blue/Green"));
    rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).parameters(p -> p
        .parameterName("rds.logical_replication").parameterValue("1").applyMethod("pending-reboot")));
    rds.modifyDBCluster(b -> b.dbClusterIdentifier(cluster).dbClusterParameterGroupName(group).applyImmediately(true));
    rds.createDBInstance(b -> b.dbInstanceIdentifier(cluster + "-writer").dbClusterIdentifier(cluster)
        .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
  }

  private static String setting(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void engineModeChangeOfAServerlessV1ClusterFailsItsSessionsOverAndKeepsTheData() throws Exception {
    rds.createDBCluster(b -> b.dbClusterIdentifier("legacy").engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername("postgres").masterUserPassword(PASSWORD));
    DBCluster legacy = describe("legacy");
    try (Connection before = connect(legacy); Statement s = before.createStatement()) {
      s.execute("CREATE TABLE kept (id int PRIMARY KEY)");
      s.execute("INSERT INTO kept VALUES (1)");
      rds.modifyDBCluster(b -> b.dbClusterIdentifier("legacy").engineMode("provisioned").allowEngineModeChange(true)
          .dbClusterInstanceClass("db.r6g.large").applyImmediately(true));
      await().atMost(Duration.ofMinutes(1)).until(() -> aurora.log().stream()
          .anyMatch(l -> l.contains("restarted cluster legacy (immediate")));
      assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
    }
    assertThat(describe("legacy").engineMode()).isEqualTo("provisioned");
    try (Connection after = connect(describe("legacy")); Statement s = after.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM kept")).isEqualTo(1);
    }
  }

  /** Inserts a new row and updates an earlier one, again and again; after an error retries the same write. */
  private static final class Writer implements Runnable {
    final Map<Long, Integer> committed = new ConcurrentHashMap<>();
    final AtomicLong commits = new AtomicLong();
    final AtomicLong longestGapMillis = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    volatile Throwable failure;
    private final String url;
    private long next;

    Writer(String host, int port, long seeded) {
      this.url = "jdbc:postgresql://" + host + ":" + port + "/postgres?connectTimeout=2&socketTimeout=10";
      for (long i = 1; i <= seeded; i++) {
        committed.put(i, 0);
      }
      next = seeded + 1;
    }

    @Override
    public void run() {
      Connection c = null;
      long lastCommit = System.nanoTime();
      int round = 0;
      while (!stop.get()) {
        boolean insert = round % 2 == 0;
        long id = insert ? next : ThreadLocalRandom.current().nextLong(1, next);
        int value = insert ? 0 : round;
        try {
          if (c == null) {
            c = DriverManager.getConnection(url, "postgres", PASSWORD);
          }
          try (PreparedStatement s = c.prepareStatement(insert
              ? "INSERT INTO items (id, v) VALUES (?, ?)" : "UPDATE items SET v = ? WHERE id = ?")) {
            s.setLong(insert ? 1 : 2, id);
            s.setInt(insert ? 2 : 1, value);
            s.executeUpdate();
          }
        } catch (SQLException e) {
          // A lost connection leaves it open whether the write committed: an insert is retried, and a duplicate
          // key then says it did; an update sets an absolute value, so its retry is harmless.
          if (!insert || !"23505".equals(e.getSQLState())) {
            if (e.getSQLState() != null && !e.getSQLState().startsWith("08") && !e.getSQLState().startsWith("57")
                && !e.getSQLState().startsWith("25") && !e.getSQLState().equals("28000")) {
              failure = e;
            }
            closeQuietly(c);
            c = null;
            sleep();
            continue;
          }
        }
        committed.put(id, value);
        if (insert) {
          next++;
        }
        round++;
        long now = System.nanoTime();
        longestGapMillis.accumulateAndGet(Duration.ofNanos(now - lastCommit).toMillis(), Math::max);
        lastCommit = now;
        commits.incrementAndGet();
      }
      closeQuietly(c);
    }

    private static void sleep() {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void closeQuietly(Connection c) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (SQLException ignored) {
        // gone already
      }
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String deploymentIdOf(String name) {
    return rds.describeBlueGreenDeployments(b -> b.filters(f -> f.name("blue-green-deployment-name").values(name)))
        .blueGreenDeployments().get(0).blueGreenDeploymentIdentifier();
  }

  private BlueGreenDeployment deployment(String id) {
    return rds.describeBlueGreenDeployments(b -> b.blueGreenDeploymentIdentifier(id)).blueGreenDeployments().get(0);
  }

  private DBCluster create(String id, String version) {
    rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion(version)
        .masterUsername("postgres").masterUserPassword(PASSWORD));
    return describe(id);
  }

  private DBCluster describe(String id) {
    return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
  }

  private static Connection connect(DBCluster cluster) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + cluster.endpoint() + ":" + cluster.port() + "/postgres", "postgres", PASSWORD);
  }

  private static String loadAverage() {
    return String.format(java.util.Locale.ROOT, "%.2f on %d cores",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }
}
