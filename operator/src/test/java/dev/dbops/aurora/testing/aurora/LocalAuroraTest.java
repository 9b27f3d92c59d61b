package dev.dbops.aurora.testing.aurora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dbops.aurora.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.RdsException;

/** The local Aurora through the real SDK: what a snapshot, a restore and a major upgrade do to the data. */
@ExtendWith(MotoServer.class)
class LocalAuroraTest {
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
  void snapshotRestoreAndPgUpgradeCarryTheWholeClusterToTheEndpointRdsAnswers() throws Exception {
    DBCluster source = create("shop-v1", "13.12");
    assertThat(source.endpoint()).startsWith("127.").isNotEqualTo("127.0.0.1");
    try (Connection c = connect(source, "postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
      s.execute("INSERT INTO t VALUES (1)");
      s.execute("ALTER DATABASE postgres SET default_transaction_read_only = on");
    }
    rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("shop-v1").dbClusterSnapshotIdentifier("shop-snap"));
    rds.restoreDBClusterFromSnapshot(b -> b.dbClusterIdentifier("shop-v2").snapshotIdentifier("shop-snap")
        .engine("aurora-postgresql").engineMode("provisioned"));

    rds.modifyDBCluster(b -> b.dbClusterIdentifier("shop-v2").engineVersion("15.4").allowMajorVersionUpgrade(true)
        .applyImmediately(true));
    DBCluster during = describe("shop-v2");
    assertThat(during.status()).isEqualTo("upgrading");
    assertThat(during.engineVersion()).isEqualTo("13.12");
    assertThatThrownBy(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("shop-v2").engineVersion("15.4")
        .allowMajorVersionUpgrade(true).applyImmediately(true)))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBClusterStateFault"));
    await().atMost(Duration.ofMinutes(2)).until(() -> describe("shop-v2").status().equals("available"));

    DBCluster target = describe("shop-v2");
    assertThat(target.engineVersion()).isEqualTo("15.4");
    assertThat(target.endpoint()).isNotEqualTo(source.endpoint());
    try (Connection c = connect(target, "postgres"); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000, count(*) FROM t");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(15);
      assertThat(rs.getInt(2)).isEqualTo(1);
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2)"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
    }
    assertThat(aurora.log()).anyMatch(l -> l.contains("pg_upgrade 13.") && l.contains("→ 15.") && l.contains("shop-v2"));
    try (Connection c = connect(describe("shop-v1"), "postgres"); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000");
      rs.next();
      assertThat(rs.getInt(1)).as("the source is not touched").isEqualTo(13);
    }
  }

  @Test
  void refusedUpgradeLeavesTheClusterAvailableAtItsOldVersion() throws Exception {
    DBCluster cluster = create("legacy-v1", "13.12");
    try (Connection c = connect(cluster, "postgres"); Statement s = c.createStatement()) {
      // pg_upgrade refuses reg* columns other than regclass, regrole and regtype.
      s.execute("CREATE TABLE saved_calls (id int, target regprocedure)");
      s.execute("INSERT INTO saved_calls VALUES (1, 'now()'::regprocedure)");
    }

    rds.modifyDBCluster(b -> b.dbClusterIdentifier("legacy-v1").engineVersion("15.4").allowMajorVersionUpgrade(true)
        .applyImmediately(true));
    await().atMost(Duration.ofMinutes(2)).until(() -> describe("legacy-v1").status().equals("available"));

    assertThat(describe("legacy-v1").engineVersion()).isEqualTo("13.12");
    try (Connection c = connect(cluster, "postgres"); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000, count(*) FROM saved_calls");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(13);
      assertThat(rs.getInt(2)).isEqualTo(1);
    }
    assertThat(aurora.log()).anyMatch(l -> l.contains("REFUSED") && l.contains("legacy-v1"));
    Path report = aurora.stateDir().resolve("clusters/legacy-v1/upgrade-refused.txt");
    assertThat(Files.readString(report)).contains("reg*");
  }

  @Test
  void refusesWhatItCannotServe() {
    assertThatThrownBy(() -> create("old-v1", "11.9"))
        .isInstanceOfSatisfying(RdsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("no PostgreSQL 11 binaries"));
    assertThat(aurora.cluster("old-v1")).isEmpty();

    // A cluster moto knows but the data plane never created has no data to snapshot.
    try (RdsClient motoOnly = RdsClient.builder().endpointOverride(MotoServer.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.credentials()).build()) {
      motoOnly.createDBCluster(b -> b.dbClusterIdentifier("elsewhere").engine("aurora-postgresql").engineVersion("13.12")
          .masterUsername("postgres").masterUserPassword(PASSWORD));
    }
    assertThatThrownBy(() -> rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("elsewhere")
        .dbClusterSnapshotIdentifier("elsewhere-snap")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBClusterStateFault"));
    assertThat(rds.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots()).isEmpty();
  }

  @Test
  void aRestartedProxyFindsItsClustersAndARetriedSnapshotTakesNoSecondCopy() throws Exception {
    Path stateDir = Files.createTempDirectory("local-aurora-kept");
    try {
      LocalAurora first = LocalAurora.start(MotoServer.endpoint(), stateDir);
      DBCluster before;
      try (RdsClient viaFirst = client(first)) {
        before = viaFirst.createDBCluster(b -> b.dbClusterIdentifier("kept-v1").engine("aurora-postgresql")
            .engineVersion("13.12").masterUsername("postgres").masterUserPassword(PASSWORD)).dbCluster();
        viaFirst.createDBClusterSnapshot(b -> b.dbClusterIdentifier("kept-v1").dbClusterSnapshotIdentifier("kept-snap"));
        assertThatThrownBy(() -> viaFirst.createDBClusterSnapshot(
            b -> b.dbClusterIdentifier("kept-v1").dbClusterSnapshotIdentifier("kept-snap")))
            .isInstanceOf(RdsException.class);
      } finally {
        first.close();
      }

      LocalAurora second = LocalAurora.start(MotoServer.endpoint(), stateDir);
      try (RdsClient viaSecond = client(second)) {
        DBCluster after = viaSecond.describeDBClusters(b -> b.dbClusterIdentifier("kept-v1")).dbClusters().get(0);
        assertThat(after.endpoint()).isEqualTo(before.endpoint());
        assertThat(after.port()).isEqualTo(before.port());
        try (Connection c = connect(after, "postgres")) {
          assertThat(c.isValid(5)).isTrue();
        }
        assertThat(second.log()).filteredOn(l -> l.contains("snapshot kept-snap")).hasSize(1);
      } finally {
        second.close();
      }
    } finally {
      try (var paths = Files.walk(stateDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static RdsClient client(LocalAurora aurora) {
    return RdsClient.builder().endpointOverride(aurora.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.credentials()).build();
  }

  private DBCluster create(String id, String version) {
    return rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion(version)
        .masterUsername("postgres").masterUserPassword(PASSWORD)).dbCluster();
  }

  private DBCluster describe(String id) {
    return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
  }

  private static Connection connect(DBCluster cluster, String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + cluster.endpoint() + ":" + cluster.port() + "/" + database, "postgres", PASSWORD);
  }
}
