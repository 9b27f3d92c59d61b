package dev.dbops.aurora.testing.inmemoryrds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterReplication;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The in-memory RDS refuses what RDS refuses, in RDS's codes, and takes its time in reads. */
class InMemoryRdsTest {
  private final InMemoryRds rds = new InMemoryRds(3);

  @Test
  void storesIdentifiersInLowerCaseAndFindsThemInAnyCase() {
    rds.createCluster(cluster("Orders-DB", "15.10", null, null));

    assertThat(rds.clusterIds()).containsExactly("orders-db");
    assertThat(rds.findCluster("ORDERS-db")).get().extracting(AuroraCluster::identifier).isEqualTo("orders-db");
  }

  @Test
  void refusesIdentifiersRdsRefuses() {
    for (String bad : List.of("1orders", "orders--db", "orders-", "orders_db", "o".repeat(64))) {
      assertRefused(() -> rds.createCluster(cluster(bad, "15.10", null, null)), "InvalidParameterValue",
          AwsErrorKind.TERMINAL);
    }
    assertThat(rds.clusterIds()).isEmpty();
  }

  @Test
  void clusterIsCreatingUntilReadEnoughTimes() {
    rds.createCluster(cluster("orders-db", "15.10", null, null));

    assertThat(statuses("orders-db", 3)).containsExactly("creating", "creating", "available");
  }

  @Test
  void refusesChangesWhileTheClusterIsBusyAndAcceptsThemOnceAvailable() {
    rds.createCluster(cluster("orders-db", "15.10", null, null));

    assertRefused(() -> rds.modifyCluster("orders-db", ClusterChanges.deletionProtection(true)),
        "InvalidDBClusterStateFault", AwsErrorKind.INVALID_STATE);
    assertRefused(() -> rds.createSnapshot("orders-db", "orders-snap", Map.of()), "InvalidDBClusterStateFault",
        AwsErrorKind.INVALID_STATE);
    assertRefused(() -> rds.deleteCluster("orders-db", Optional.empty()), "InvalidDBClusterStateFault",
        AwsErrorKind.INVALID_STATE);
    rds.finishTransitions();
    assertThat(rds.modifyCluster("orders-db", ClusterChanges.deletionProtection(true)).status()).isEqualTo("modifying");
  }

  @Test
  void refusesWritesToAMissingClusterAsNotFound() {
    for (ThrowingCallable write : List.<ThrowingCallable>of(
        () -> rds.modifyCluster("nowhere", ClusterChanges.deletionProtection(true)),
        () -> rds.deleteCluster("nowhere", Optional.empty()),
        () -> rds.stopCluster("nowhere"),
        () -> rds.createSnapshot("nowhere", "nowhere-snap", Map.of()),
        () -> rds.createInstance(instance("nowhere-1", "nowhere")))) {
      assertRefused(write, "DBClusterNotFoundFault", AwsErrorKind.NOT_FOUND);
    }
    assertRefused(() -> rds.deleteInstance("nowhere-1"), "DBInstanceNotFound", AwsErrorKind.NOT_FOUND);
    assertRefused(() -> rds.deleteSnapshot("nowhere-snap"), "DBClusterSnapshotNotFoundFault", AwsErrorKind.NOT_FOUND);
  }

  @Test
  void refusesASecondClusterOfTheSameNameAlsoWhileTheFirstIsBeingDeleted() {
    rds.addExistingCluster("orders-db", "15.10", Map.of());
    rds.deleteInstance("orders-db-1");
    rds.deleteCluster("orders-db", Optional.empty());

    assertRefused(() -> rds.createCluster(cluster("orders-db", "15.10", null, null)), "DBClusterAlreadyExistsFault",
        AwsErrorKind.ALREADY_EXISTS);
  }

  @Test
  void refusesToDeleteAProtectedClusterOrOneWithInstancesNotBeingDeleted() {
    rds.addExistingCluster("orders-db", "15.10", Map.of());
    assertRefused(() -> rds.deleteCluster("orders-db", Optional.empty()), "InvalidDBClusterStateFault",
        AwsErrorKind.INVALID_STATE);
    rds.protect("orders-db");
    rds.deleteInstance("orders-db-1");

    assertRefused(() -> rds.deleteCluster("orders-db", Optional.empty()), "InvalidParameterCombination",
        AwsErrorKind.TERMINAL);
    assertThat(rds.clusterExists("orders-db")).isTrue();
  }

  @Test
  void deletionTakesTheFinalSnapshotWhichIsCreatingAtFirstThenTheClusterIsGone() {
    rds.addExistingCluster("orders-db", "15.10", Map.of());
    rds.deleteInstance("orders-db-1");
    rds.deleteCluster("orders-db", Optional.of("Orders-Final"));

    assertThat(rds.findSnapshot("orders-final")).get().satisfies(s -> {
      assertThat(s.status()).isEqualTo("creating");
      assertThat(s.percentProgress()).isLessThan(100);
    });
    assertThat(statuses("orders-db", 2)).containsExactly("deleting", "deleting");
    assertThat(rds.findCluster("orders-db")).isEmpty();
    rds.finishTransitions();
    assertThat(rds.findSnapshot("orders-final")).get().extracting(s -> s.status()).isEqualTo("available");
    assertThat(rds.clusterIds()).isEmpty();
  }

  @Test
  void upgradeReportsTheOldVersionUntilItEndsAndItsInstancesUpgradeWithIt() {
    rds.addExistingCluster("orders-db", "14.12", Map.of());
    assertRefused(() -> rds.modifyCluster("orders-db", upgradeTo("15.8", false)), "InvalidParameterCombination",
        AwsErrorKind.TERMINAL);

    rds.modifyCluster("orders-db", upgradeTo("15.8", true));

    assertThat(rds.findCluster("orders-db")).get().satisfies(c -> {
      assertThat(c.status()).isEqualTo("upgrading");
      assertThat(c.engineVersion()).isEqualTo("14.12");
    });
    assertThat(rds.findInstances("orders-db")).extracting(i -> i.status()).containsExactly("upgrading");
    rds.finishTransitions();
    assertThat(rds.findCluster("orders-db")).get().satisfies(c -> {
      assertThat(c.status()).isEqualTo("available");
      assertThat(c.engineVersion()).isEqualTo("15.8");
      assertThat(c.parameterGroup()).isEqualTo("default.aurora-postgresql15");
    });
  }

  @Test
  void refusesScalingTheEngineVersionCannotTake() {
    assertRefused(() -> rds.createCluster(cluster("orders-db", "15.4", new Capacity(0.0, 8.0, 600), null)),
        "InvalidParameterValue", AwsErrorKind.TERMINAL);
    rds.createCluster(cluster("orders-db", "15.7", new Capacity(0.0, 8.0, 600), null));
  }

  @Test
  void refusesParameterGroupsThatDoNotExistOrAreOfAnotherFamily() {
    assertRefused(() -> rds.createCluster(cluster("orders-db", "15.8", null, "orders-pg15")),
        "DBClusterParameterGroupNotFound", AwsErrorKind.TERMINAL);
    rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13");
    assertRefused(() -> rds.createCluster(cluster("orders-db", "15.8", null, "orders-pg13")),
        "InvalidParameterCombination", AwsErrorKind.TERMINAL);

    rds.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", Map.of("work_mem", "64MB"), Map.of());
    assertThat(rds.createCluster(cluster("orders-db", "15.8", null, "orders-pg15")).parameterGroup())
        .isEqualTo("orders-pg15");
    assertThat(rds.instanceParameterGroupFamily("default.aurora-postgresql15")).hasValue("aurora-postgresql15");
  }

  @Test
  void answersAGroupsUserParametersAndAFamilysParameterNamesOnlyWhereTaught() {
    assertRefused(() -> rds.userClusterParameters("orders-pg13"), "DBParameterGroupNotFound", AwsErrorKind.TERMINAL);
    rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of("timezone", "UTC"));
    rds.putClusterParameterGroup("orders-v2-aurora-postgresql15-6f1c2d3e", "aurora-postgresql15", Map.of("timezone", "UTC"),
        Map.of("aurora.dbops.dev/migration", "shop/orders"));

    assertThat(rds.userClusterParameters("orders-pg13")).containsExactly(Map.entry("timezone", "UTC"));
    assertThat(rds.userClusterParameters("default.aurora-postgresql13")).isEmpty();
    assertThat(rds.parameterGroupTags("orders-v2-aurora-postgresql15-6f1c2d3e"))
        .containsEntry("aurora.dbops.dev/migration", "shop/orders");
    assertThatThrownBy(() -> rds.clusterParameterNames("aurora-postgresql15"))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.UNSUPPORTED));
    rds.setFamilyParameterNames("aurora-postgresql15", Set.of("timezone"));
    assertThat(rds.clusterParameterNames("aurora-postgresql15")).containsExactly("timezone");
    assertThat(rds.writes()).containsExactly("putClusterParameterGroup orders-v2-aurora-postgresql15-6f1c2d3e");
  }

  @Test
  void deletesAClusterParameterGroupOnlyOnceNoClusterUsesItAndAMissingOneIsAlreadyGone() {
    rds.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", Map.of("work_mem", "64MB"), Map.of());
    rds.createCluster(cluster("orders-db", "15.8", null, "orders-pg15"));
    rds.finishTransitions();

    assertRefused(() -> rds.deleteClusterParameterGroup("orders-pg15"), "InvalidDBParameterGroupState",
        AwsErrorKind.INVALID_STATE);
    assertRefused(() -> rds.deleteClusterParameterGroup("default.aurora-postgresql15"), "InvalidDBParameterGroupState",
        AwsErrorKind.INVALID_STATE);
    rds.deleteCluster("orders-db", Optional.empty());
    assertThat(rds.findCluster("orders-db")).get().extracting(AuroraCluster::status).isEqualTo("deleting");
    assertRefused(() -> rds.deleteClusterParameterGroup("orders-pg15"), "InvalidDBParameterGroupState",
        AwsErrorKind.INVALID_STATE);
    rds.finishTransitions();

    rds.deleteClusterParameterGroup("orders-pg15");
    rds.deleteClusterParameterGroup("orders-pg15");

    assertThat(rds.clusterParameterGroupExists("orders-pg15")).isFalse();
    assertThat(rds.writes()).filteredOn(w -> w.startsWith("deleteClusterParameterGroup")).containsExactly(
        "deleteClusterParameterGroup orders-pg15", "deleteClusterParameterGroup default.aurora-postgresql15",
        "deleteClusterParameterGroup orders-pg15", "deleteClusterParameterGroup orders-pg15",
        "deleteClusterParameterGroup orders-pg15");
  }

  @Test
  void restoreNeedsASnapshotThatExistsAndIsAvailable() {
    assertRefused(() -> rds.restoreFromSnapshot(restore("orders-v2", "orders-snap")),
        "DBClusterSnapshotNotFoundFault", AwsErrorKind.NOT_FOUND);
    rds.addExistingCluster("orders-db", "13.12", Map.of());
    rds.createSnapshot("orders-db", "orders-snap", Map.of());
    assertThat(rds.findCluster("orders-db")).get().extracting(AuroraCluster::status).isEqualTo("backing-up");

    assertRefused(() -> rds.restoreFromSnapshot(restore("orders-v2", "orders-snap")),
        "InvalidDBClusterSnapshotStateFault", AwsErrorKind.INVALID_STATE);
    rds.finishTransitions();
    assertThat(rds.restoreFromSnapshot(restore("orders-v2", "orders-snap")).engineVersion()).isEqualTo("13.12");
  }

  @Test
  void clusterRestoredFromAServerlessV1SnapshotTakesAProvisionedFirstInstance() {
    rds.addSource("orders-v1", "13.12", "serverless");
    rds.addExistingSnapshot("orders-snap", "orders-v1", "13.12");
    rds.restoreFromSnapshot(restore("orders-v2", "orders-snap"));
    rds.finishTransitions();

    assertRefused(() -> rds.createInstance(instance("orders-v2-1", "orders-v2")), "InvalidParameterCombination",
        AwsErrorKind.TERMINAL);
    rds.createInstance(new NewInstance("orders-v2-upgrade", "orders-v2", "aurora-postgresql", "db.r6g.large", 1,
        false, null, null, null, false, Map.of()));
    rds.finishTransitions();
    rds.createInstance(instance("orders-v2-1", "orders-v2"));
  }

  @Test
  void refusesInstanceWritesDuringTheInstancesOwnTransition() {
    rds.addExistingCluster("orders-db", "15.10", Map.of());
    rds.createInstance(instance("orders-db-2", "orders-db"));

    assertRefused(() -> rds.modifyInstance("orders-db-2", new InstanceChanges(2, null, null, null)),
        "InvalidDBInstanceState", AwsErrorKind.INVALID_STATE);
    assertRefused(() -> rds.deleteInstance("orders-db-2"), "InvalidDBInstanceState", AwsErrorKind.INVALID_STATE);
    assertRefused(() -> rds.createInstance(instance("orders-db-2", "orders-db")), "DBInstanceAlreadyExists",
        AwsErrorKind.ALREADY_EXISTS);
  }

  @Test
  void stoppedClusterTakesNoChangeAndNoInstanceUntilStarted() {
    rds.addExistingCluster("orders-db", "15.10", Map.of());
    rds.stopCluster("orders-db");
    assertRefused(() -> rds.stopCluster("orders-db"), "InvalidDBClusterStateFault", AwsErrorKind.INVALID_STATE);
    rds.finishTransitions();

    assertRefused(() -> rds.modifyCluster("orders-db", ClusterChanges.deletionProtection(true)),
        "InvalidDBClusterStateFault", AwsErrorKind.INVALID_STATE);
    assertRefused(() -> rds.createInstance(instance("orders-db-2", "orders-db")), "InvalidDBClusterStateFault",
        AwsErrorKind.INVALID_STATE);
    rds.startCluster("orders-db");
    assertThat(statuses("orders-db", 3)).containsExactly("starting", "starting", "available");
  }

  @Test
  void logsRefusedWritesToo() {
    assertRefused(() -> rds.stopCluster("nowhere"), "DBClusterNotFoundFault", AwsErrorKind.NOT_FOUND);

    assertThat(rds.writes()).containsExactly("stopCluster nowhere");
  }

  private List<String> statuses(String clusterId, int reads) {
    return java.util.stream.IntStream.range(0, reads)
        .mapToObj(i -> rds.findCluster(clusterId).map(AuroraCluster::status).orElse("absent")).toList();
  }

  @Test
  void blueGreenReadsRefuseAMissingClusterAndFindProxiesByClusterOrInstance() {
    rds.addSource("orders", "13.12", "provisioned");
    rds.proxyTargets.put("by-cluster", List.of("orders"));
    rds.proxyTargets.put("by-instance", List.of("orders-instance"));
    rds.proxyTargets.put("elsewhere", List.of("billing"));

    assertThat(rds.proxiesTargeting("orders")).containsExactly("by-cluster", "by-instance");
    assertThat(rds.replicationOf("orders")).isEqualTo(ClusterReplication.NONE);
    // As DescribeDBClusters answers for an unknown identifier (BlueGreenReadinessOnMotoTest sees the same on moto).
    assertRefused(() -> rds.replicationOf("ghost"), "DBClusterNotFoundFault", AwsErrorKind.NOT_FOUND);
  }

  private static void assertRefused(ThrowingCallable write, String code, AwsErrorKind kind) {
    AwsException refusal = catchThrowableOfType(write, AwsException.class);
    assertThat(refusal).as("refusal with %s", code).isNotNull();
    assertThat(refusal.code()).isEqualTo(code);
    assertThat(refusal.kind()).isEqualTo(kind);
  }

  private static NewCluster cluster(String id, String version, Capacity scaling, String parameterGroup) {
    return new NewCluster(id, "aurora-postgresql", version, scaling == null ? new Capacity(0.5, 4.0, null) : scaling,
        "postgres", null, true, null, "postgres", 5432, null, List.of(), true, null, 7, null, null, false,
        parameterGroup, List.of(), true, Map.of());
  }

  private static NewInstance instance(String id, String clusterId) {
    return new NewInstance(id, clusterId, "aurora-postgresql", "db.serverless", 1, false, null, null, null, false,
        Map.of());
  }

  private static ClusterRestore restore(String id, String snapshotId) {
    return new ClusterRestore(id, snapshotId, "aurora-postgresql", null, new Capacity(0.5, 8.0, null), null, null,
        List.of(), null, null, false, List.of(), Map.of());
  }

  private static ClusterChanges upgradeTo(String version, boolean allowMajor) {
    return new ClusterChanges(null, null, null, null, null, null, null, null, version, allowMajor, null, null, null);
  }
}
