package dev.dbops.aurora.testing.strictrds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Each rule of the strict RDS, seen through the real SDK RdsClient in front of moto. */
@ExtendWith(MotoServer.class)
class StrictRdsTest {
  private static final Duration POLL = Duration.ofMillis(100);
  private StrictRds strict;
  private RdsClient rds;

  private RdsClient start(Settings settings, int maxAttempts) {
    strict = StrictRds.inFrontOf(MotoServer.endpoint(), settings);
    rds = StrictRdsClients.rds(strict.endpoint(), maxAttempts);
    return rds;
  }

  @AfterEach
  void stop() {
    if (rds != null) {
      rds.close();
    }
    if (strict != null) {
      strict.close();
    }
  }

  @Test
  void newClusterIsCreatingForItsDurationThenAvailable() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO), 1);

    Instant created = Instant.now();
    assertThat(createCluster("orders", "15.4").status()).isEqualTo("creating");
    List<String> seen = observe(() -> status("orders"), "available", Duration.ofSeconds(10));

    assertThat(seen).containsExactly("creating", "available");
    assertThat(Duration.between(created, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void upgradeReportsUpgradingAndTheOldVersionUntilItEnds() {
    start(Settings.instant().withDurations(durations(Duration.ZERO, Duration.ofSeconds(2))), 1);
    createCluster("orders", "13.12");

    var answer = rds.modifyDBCluster(b -> b.dbClusterIdentifier("orders").engineVersion("15.4")
        .allowMajorVersionUpgrade(true).applyImmediately(true)).dbCluster();

    assertThat(answer.status()).isEqualTo("upgrading");
    assertThat(answer.engineVersion()).isEqualTo("13.12");
    // One describe per look: two could straddle the end of the upgrade ("upgrading 15.4").
    List<String> seen = observe(() -> {
      DBCluster cluster = describe("orders");
      return cluster.status() + " " + cluster.engineVersion();
    }, "available 15.4", Duration.ofSeconds(10));
    assertThat(seen).containsExactly("upgrading 13.12", "available 15.4");
  }

  @Test
  void snapshotIsCreatingWithRisingProgressWhileTheClusterBacksUp() {
    start(Settings.instant().withDurations(snapshotTaking(Duration.ofSeconds(2))), 1);
    createCluster("orders", "15.4");

    var created = rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("orders").dbClusterSnapshotIdentifier("snap"))
        .dbClusterSnapshot();
    assertThat(created.status()).isEqualTo("creating");
    assertThat(status("orders")).isEqualTo("backing-up");

    List<Integer> progress = new ArrayList<>();
    List<String> states = observe(() -> {
      var s = rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier("snap")).dbClusterSnapshots().get(0);
      progress.add(s.percentProgress());
      return s.status();
    }, "available", Duration.ofSeconds(10));

    assertThat(states).containsExactly("creating", "available");
    assertThat(progress).isSortedAccordingTo(Integer::compare).last().isEqualTo(100);
    assertThat(progress.get(0)).isLessThan(50);
    assertThat(status("orders")).isEqualTo("available");
  }

  @Test
  void stoppedClusterPassesThroughStoppingAndStarting() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO)
        .withDurations(Settings.Durations.none()), 1);
    createCluster("orders", "15.4");
    strict.close();
    strict = StrictRds.inFrontOf(MotoServer.endpoint(), Settings.realisticScaledDown());
    rds = StrictRdsClients.rds(strict.endpoint(), 1);

    rds.stopDBCluster(b -> b.dbClusterIdentifier("orders"));
    List<String> stopping = observe(() -> status("orders"), "stopped", Duration.ofSeconds(10));
    rds.startDBCluster(b -> b.dbClusterIdentifier("orders"));
    List<String> starting = observe(() -> status("orders"), "available", Duration.ofSeconds(10));

    assertThat(stopping).containsExactly("stopping", "stopped");
    assertThat(starting).containsExactly("starting", "available");
  }

  @Test
  void deletedClusterAndInstanceStayDeletingThenVanish() {
    start(Settings.instant().withDurations(deleting(Duration.ofSeconds(1))), 1);
    createCluster("orders", "15.4");
    createInstance("orders-1", "orders");

    rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders-1").skipFinalSnapshot(true));
    List<String> instance = observe(() -> rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id")
        .values("orders"))).dbInstances().stream().map(i -> i.dbInstanceStatus()).findFirst().orElse("gone"),
        "gone", Duration.ofSeconds(10));
    rds.deleteDBCluster(b -> b.dbClusterIdentifier("orders").skipFinalSnapshot(true));
    List<String> cluster = observe(() -> {
      try {
        return status("orders");
      } catch (DbClusterNotFoundException e) {
        return "gone";
      }
    }, "gone", Duration.ofSeconds(10));

    assertThat(instance).containsExactly("deleting", "gone");
    assertThat(cluster).containsExactly("deleting", "gone");
  }

  @Test
  void writesToAClusterInTransitionAreInvalidDbClusterState() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO), 1);
    createCluster("orders", "15.4");

    assertThatThrownBy(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("orders").backupRetentionPeriod(7)
        .applyImmediately(true)))
        .isInstanceOfSatisfying(InvalidDbClusterStateException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBClusterStateFault");
          assertThat(e.getMessage()).contains("creating");
        });
    assertThatThrownBy(() -> rds.deleteDBCluster(b -> b.dbClusterIdentifier("orders").skipFinalSnapshot(true)))
        .isInstanceOf(InvalidDbClusterStateException.class);
    observe(() -> status("orders"), "available", Duration.ofSeconds(10));
    rds.modifyDBCluster(b -> b.dbClusterIdentifier("orders").backupRetentionPeriod(7).applyImmediately(true));
    assertThat(status("orders")).isEqualTo("modifying");
  }

  @Test
  void writesToAnInstanceInTransitionAreInvalidDbInstanceState() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO), 1);
    createCluster("orders", "15.4");
    createInstance("orders-1", "orders");

    assertThatThrownBy(() -> rds.modifyDBInstance(b -> b.dbInstanceIdentifier("orders-1").promotionTier(2)
        .applyImmediately(true)))
        .isInstanceOfSatisfying(InvalidDbInstanceStateException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBInstanceState"));
  }

  @Test
  void changesToAMissingClusterAreDbClusterNotFound() {
    start(Settings.instant(), 1);

    assertThatThrownBy(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("ghost").backupRetentionPeriod(7)))
        .isInstanceOfSatisfying(DbClusterNotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBClusterNotFoundFault");
        });
    assertThatThrownBy(() -> rds.deleteDBCluster(b -> b.dbClusterIdentifier("ghost").skipFinalSnapshot(true)))
        .isInstanceOf(DbClusterNotFoundException.class);
  }

  @Test
  void deleteWithoutAFinalSnapshotChoiceIsRefusedAsRdsDoes() {
    start(Settings.instant(), 1);
    createCluster("orders", "15.4");

    assertThatThrownBy(() -> rds.deleteDBCluster(b -> b.dbClusterIdentifier("orders")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
    assertThatThrownBy(() -> rds.deleteDBCluster(b -> b.dbClusterIdentifier("orders").skipFinalSnapshot(true)
        .finalDBSnapshotIdentifier("orders-final")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
    assertThat(status("orders")).isEqualTo("available");

    String longFinal = "f" + "x".repeat(199);
    rds.deleteDBCluster(b -> b.dbClusterIdentifier("orders").finalDBSnapshotIdentifier(longFinal));
    assertThat(rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(longFinal)).dbClusterSnapshots())
        .singleElement().satisfies(s -> assertThat(s.dbClusterIdentifier()).isEqualTo("orders"));
  }

  @Test
  void identifiersAreStoredInLowerCaseAndMatchedWhateverTheCase() {
    start(Settings.instant(), 1);

    DBCluster created = createCluster("Orders-Prod", "15.4");
    createInstance("Orders-Prod-1", "ORDERS-PROD");

    assertThat(created.dbClusterIdentifier()).isEqualTo("orders-prod");
    assertThat(describe("ORDERS-prod").dbClusterIdentifier()).isEqualTo("orders-prod");
    assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values("Orders-Prod"))).dbInstances())
        .singleElement().satisfies(i -> assertThat(i.dbInstanceIdentifier()).isEqualTo("orders-prod-1"));
    // Read past the proxy: moto stored what AWS would.
    try (RdsClient moto = StrictRdsClients.rds(MotoServer.endpoint(), 1)) {
      assertThat(moto.describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
          .containsExactly("orders-prod");
    }
  }

  @Test
  void namesRdsRefusesAreInvalidParameterValue() {
    start(Settings.instant(), 1);

    for (String bad : List.of("1orders", "orders--prod", "orders-", "orders_prod", "o".repeat(64), "orders.prod")) {
      assertThatThrownBy(() -> createCluster(bad, "15.4")).as(bad)
          .isInstanceOfSatisfying(RdsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
          });
    }
    createCluster("o".repeat(63), "15.4");
    assertThatThrownBy(() -> rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("o".repeat(63))
        .dbClusterSnapshotIdentifier("o".repeat(63) + "-premigration-1a2b3c4d")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    try (RdsClient moto = StrictRdsClients.rds(MotoServer.endpoint(), 1)) {
      assertThat(moto.describeDBClusters().dbClusters()).hasSize(1);
    }
  }

  @Test
  void describeRightAfterCreateMayNotFindTheNewCluster() {
    start(Settings.instant().withConsistencyDelay(Duration.ofSeconds(1)), 1);

    createCluster("orders", "15.4");

    assertThatThrownBy(() -> describe("orders")).isInstanceOf(DbClusterNotFoundException.class);
    assertThat(rds.describeDBClusters().dbClusters()).isEmpty();
    observe(() -> {
      try {
        return describe("orders").dbClusterIdentifier();
      } catch (DbClusterNotFoundException e) {
        return "not yet";
      }
    }, "orders", Duration.ofSeconds(5));
    assertThat(rds.describeDBClusters().dbClusters()).hasSize(1);
  }

  @Test
  void faultsAtAFixedSeedComeInTheSameSequence() {
    Settings faulty = Settings.instant().withFaults(0.2, 42);
    List<String> first = outcomesOf40Describes(faulty);
    List<String> second = outcomesOf40Describes(faulty);

    assertThat(first).isEqualTo(second);
    assertThat(first).contains("Throttling", "InternalFailure", "ServiceUnavailable", "ok");
    assertThat(strict.counts().injected()).isEqualTo(first.stream().filter(o -> !o.equals("ok")).count());
    assertThat(strict.counts().injected("DescribeDBClusters", "Throttling"))
        .isEqualTo(first.stream().filter("Throttling"::equals).count());
  }

  @Test
  void theSdkRetriesInjectedThrottlesAndServerErrors() {
    strict = StrictRds.inFrontOf(MotoServer.endpoint(), Settings.instant().withFaults(0.2, 7));
    var attempts = new StrictRdsClients.AttemptLog();
    rds = StrictRdsClients.rds(strict.endpoint(), 5, attempts);

    for (int i = 0; i < 30; i++) {
      rds.describeDBClusters();
    }

    FaultCounts counts = strict.counts();
    assertThat(counts.injected()).isPositive();
    // Every injected fault was retried: 30 calls succeeded in 30 + faults attempts.
    assertThat(counts.requests("DescribeDBClusters")).isEqualTo(30 + counts.injected());
    assertThat(attempts.statuses).hasSize((int) (30 + counts.injected()));
    assertThat(attempts.statuses.stream().filter(s -> s != 200).count()).isEqualTo(counts.injected());
  }

  @Test
  void secondClusterOfTheSameNameIsDbClusterAlreadyExists() {
    start(Settings.instant(), 1);
    createCluster("orders", "15.4");

    // moto 5.2.5 alone answers DBClusterSnapshotAlreadyExistsFault here; RDS names the cluster.
    assertThatThrownBy(() -> createCluster("Orders", "15.4"))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBClusterAlreadyExistsFault"));
  }

  @Test
  void lostAnswerMeansTheCreateHappenedAndTheRetryMeetsIt() {
    start(Settings.instant().withLostAnswers(1.0), 2);

    assertThatThrownBy(() -> createCluster("orders", "15.4"))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBClusterAlreadyExistsFault"));
    // The retry met the cluster before reaching moto: only the first answer was lost.
    assertThat(strict.counts().injected("CreateDBCluster", "LostAnswer")).isEqualTo(1);
    try (RdsClient moto = StrictRdsClients.rds(MotoServer.endpoint(), 1)) {
      assertThat(moto.describeDBClusters().dbClusters()).hasSize(1);
    }
  }

  @Test
  void describeDbClustersIsPagedByMaxRecordsAndMarker() {
    start(Settings.instant(), 1);
    for (int i = 0; i < 25; i++) {
      createCluster("cluster-" + (char) ('a' + i), "15.4");
    }

    var first = rds.describeDBClusters(b -> b.maxRecords(20));
    var second = rds.describeDBClusters(b -> b.maxRecords(20).marker(first.marker()));
    List<String> all = new ArrayList<>();
    rds.describeDBClustersPaginator(b -> b.maxRecords(20)).dbClusters().forEach(c -> all.add(c.dbClusterIdentifier()));

    assertThat(first.dbClusters()).hasSize(20);
    assertThat(first.marker()).isNotBlank();
    assertThat(second.dbClusters()).hasSize(5);
    assertThat(second.marker()).isNull();
    assertThat(all).hasSize(25).doesNotHaveDuplicates();
    assertThatThrownBy(() -> rds.describeDBClusters(b -> b.maxRecords(10)))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  // ---- helpers ----

  private List<String> outcomesOf40Describes(Settings settings) {
    stop();
    start(settings, 1); // no SDK retries: every injected fault reaches the test
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      try {
        rds.describeDBClusters();
        outcomes.add("ok");
      } catch (RdsException e) {
        outcomes.add(e.awsErrorDetails().errorCode());
      }
    }
    return outcomes;
  }

  private DBCluster createCluster(String id, String version) {
    return rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion(version)
        .engineMode("provisioned").masterUsername("app_admin").masterUserPassword("password123")
        .serverlessV2ScalingConfiguration(s -> s.minCapacity(0.5).maxCapacity(4.0))).dbCluster();
  }

  private void createInstance(String id, String cluster) {
    rds.createDBInstance(b -> b.dbInstanceIdentifier(id).dbClusterIdentifier(cluster).engine("aurora-postgresql")
        .dbInstanceClass("db.serverless"));
  }

  private DBCluster describe(String id) {
    return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
  }

  private String status(String id) {
    return describe(id).status();
  }

  /** Polls until {@code last} is seen; returns each distinct value in the order first seen. */
  private static List<String> observe(Supplier<String> read, String last, Duration limit) {
    List<String> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      String value = read.get();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
        seen.add(value);
      }
      if (value.equals(last)) {
        return seen;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("never reached " + last + "; saw " + seen);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static Settings.Durations durations(Duration create, Duration upgrade) {
    Duration z = Duration.ZERO;
    return new Settings.Durations(create, z, upgrade, z, z, z, z, z, z, z);
  }

  private static Settings.Durations snapshotTaking(Duration snapshot) {
    Duration z = Duration.ZERO;
    return new Settings.Durations(z, z, z, z, z, z, snapshot, z, z, z);
  }

  private static Settings.Durations deleting(Duration delete) {
    Duration z = Duration.ZERO;
    return new Settings.Durations(z, z, z, z, z, delete, z, z, z, delete);
  }
}
