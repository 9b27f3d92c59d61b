package dev.dbops.aurora.aws.sdk;

import static dev.dbops.aurora.aws.sdk.AwsFixtures.restoreAsServerlessV2;
import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessInstance;
import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServer.class)
class SdkClusterApiMotoTest {
  private SdkAwsRegions regions;
  private SdkClusterApi api;

  @BeforeEach
  void connect() {
    regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    api = regions.sdkClusters(MotoServer.REGION);
  }

  @AfterEach
  void close() {
    regions.close();
  }

  @Test
  void createdClusterIsServerlessV2AndReportsCreatingThenAvailable() {
    AuroraCluster created = api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));

    assertThat(created.identifier()).isEqualTo("orders");
    assertThat(created.arn()).endsWith(":cluster:orders");
    assertThat(created.engineMode()).isEqualTo("provisioned");
    assertThat(created.isServerlessV1()).isFalse();
    assertThat(created.scaling()).isEqualTo(new Capacity(0.5, 8.0, null));
    assertThat(created.status()).isEqualTo("creating");
    assertThat(created.tags()).containsEntry("team", "data");

    AuroraCluster seen = api.findCluster("orders").orElseThrow();
    assertThat(seen.isAvailable()).isTrue();
    assertThat(seen.engineVersion()).isEqualTo("15.4");
    assertThat(seen.backupRetentionDays()).isEqualTo(7);
    assertThat(seen.logExports()).containsExactly("postgresql");
    assertThat(seen.copyTagsToSnapshot()).isTrue();
  }

  @Test
  void managedMasterPasswordGivesTheClusterASecretArn() {
    var request = serverlessV2("managed", new Capacity(0.5, 2.0, null));
    var managed = new dev.dbops.aurora.aws.NewCluster(request.identifier(), request.engine(), request.engineVersion(),
        request.scaling(), request.masterUsername(), null, true, null, request.databaseName(), request.port(), null,
        List.of(), true, null, 1, null, null, false, null, List.of(), false, Map.of());

    api.createCluster(managed);

    assertThat(api.findCluster("managed").orElseThrow().masterUserSecretArn()).startsWith("arn:aws:secretsmanager:");
  }

  @Test
  void modifiedScalingAndBackupRetentionAreWhatDescribeReturns() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    api.findCluster("orders");

    ClusterChanges changes = new ClusterChanges(new Capacity(1.0, 16.0, null), 14, null, null, null, null, null, null,
        null, false, null, null, null);
    api.modifyCluster("orders", changes);

    AuroraCluster seen = api.findCluster("orders").orElseThrow();
    assertThat(seen.scaling()).isEqualTo(new Capacity(1.0, 16.0, null));
    assertThat(seen.backupRetentionDays()).isEqualTo(14);
  }

  @Test
  void serverlessInstancesAreCreatedListedWriterFirstAndDeleted() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    AuroraInstance writer = api.createInstance(serverlessInstance("orders-1", "orders", 0));
    api.createInstance(serverlessInstance("orders-2", "orders", 1));

    assertThat(writer.instanceClass()).isEqualTo("db.serverless");
    List<AuroraInstance> instances = api.findInstances("orders");
    assertThat(instances).extracting(AuroraInstance::identifier).containsExactly("orders-1", "orders-2");
    assertThat(instances).allSatisfy(i -> assertThat(i.instanceClass()).isEqualTo("db.serverless"));
    assertThat(api.findCluster("orders").orElseThrow().members())
        .anySatisfy(m -> assertThat(m.instanceId()).isEqualTo("orders-1"));

    api.deleteInstance("orders-2");

    assertThat(api.findInstances("orders")).extracting(AuroraInstance::identifier).containsExactly("orders-1");
  }

  @Test
  void snapshotIsFoundAfterCreateAndMissingOneIsEmpty() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));

    ClusterSnapshot created = api.createSnapshot("orders", "orders-before-upgrade", Map.of("reason", "upgrade"));

    assertThat(created.clusterId()).isEqualTo("orders");
    ClusterSnapshot found = api.findSnapshot("orders-before-upgrade").orElseThrow();
    assertThat(found.arn()).endsWith(":cluster-snapshot:orders-before-upgrade");
    assertThat(found.isAvailable()).isTrue();
    assertThat(api.findSnapshot("no-such-snapshot")).isEmpty();

    api.deleteSnapshot("orders-before-upgrade");
    assertThat(api.findSnapshot("orders-before-upgrade")).isEmpty();
  }

  @Test
  void restoreFromSnapshotGivesServerlessV2ClusterWithRequestedScaling() {
    api.createCluster(serverlessV2("source", new Capacity(0.5, 4.0, null)));
    api.createSnapshot("source", "source-snap", Map.of());

    AuroraCluster restored = api.restoreFromSnapshot(restoreAsServerlessV2("target", "source-snap",
        new Capacity(2.0, 32.0, null)));

    assertThat(restored.identifier()).isEqualTo("target");
    AuroraCluster seen = api.findCluster("target").orElseThrow();
    assertThat(seen.engineMode()).isEqualTo("provisioned");
    assertThat(seen.scaling()).isEqualTo(new Capacity(2.0, 32.0, null));
    assertThat(seen.tags()).containsEntry("restored-from", "source-snap");
  }

  @Test
  void serverlessV1SnapshotRestoresAsServerlessV2OnANewerEngine() {
    try (var rds = MotoRds.client(regions)) {
      rds.createDBCluster(b -> b.dbClusterIdentifier("legacy").engine("aurora-postgresql").engineVersion("11.9")
          .engineMode("serverless").masterUsername("app_admin").masterUserPassword("password123")
          .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8).autoPause(true)));
    }
    AuroraCluster source = api.findCluster("legacy").orElseThrow();
    assertThat(source.isServerlessV1()).isTrue();
    assertThat(source.scaling()).isNull();
    api.createSnapshot("legacy", "legacy-snap", Map.of());

    api.restoreFromSnapshot(restoreAsServerlessV2("modern", "legacy-snap", new Capacity(0.5, 16.0, null)));

    AuroraCluster target = api.findCluster("modern").orElseThrow();
    assertThat(target.isServerlessV1()).isFalse();
    assertThat(target.engineMode()).isEqualTo("provisioned");
    assertThat(target.engineVersion()).isEqualTo("15.4");
    assertThat(target.scaling()).isEqualTo(new Capacity(0.5, 16.0, null));
  }

  @Test
  void majorUpgradeSetsEngineVersionAndParameterGroup() {
    api.createCluster(new dev.dbops.aurora.aws.NewCluster("orders", AwsFixtures.ENGINE, "13.12",
        new Capacity(0.5, 8.0, null), "app_admin", dev.dbops.aurora.aws.SecretValue.of("password123"), false, null,
        null, null, null, List.of(), false, null, 1, null, null, false, null, List.of(), false, Map.of()));
    api.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", Map.of("log_min_duration_statement", "500"),
        Map.of());

    api.modifyCluster("orders", new ClusterChanges(null, null, null, null, null, "orders-pg15", null, null, "15.4",
        true, "default.aurora-postgresql15", null, null));

    AuroraCluster upgraded = api.findCluster("orders").orElseThrow();
    assertThat(upgraded.engineVersion()).isEqualTo("15.4");
    assertThat(upgraded.parameterGroup()).isEqualTo("orders-pg15");
  }

  @Test
  void deleteWithFinalSnapshotLeavesSnapshotAndRemovesCluster() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    api.findCluster("orders");

    api.deleteCluster("orders", Optional.of("orders-final"));

    assertThat(api.findCluster("orders")).isEmpty();
    assertThat(api.findSnapshot("orders-final")).get().extracting(ClusterSnapshot::clusterId).isEqualTo("orders");
  }

  @Test
  void deleteWithoutFinalSnapshotLeavesNoSnapshot() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));

    api.deleteCluster("orders", Optional.empty());

    assertThat(api.findCluster("orders")).isEmpty();
    assertThat(regions.sdkClusters(MotoServer.REGION).calls().count("CreateDBClusterSnapshot")).isZero();
  }

  @Test
  void deletingClusterWithInstancesIsRefusedAsInvalidState() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    api.createInstance(serverlessInstance("orders-1", "orders", 0));

    assertThatThrownBy(() -> api.deleteCluster("orders", Optional.empty()))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.INVALID_STATE));
  }

  @Test
  void tagsAddedAndRemovedShowOnTheNextFind() {
    AuroraCluster cluster = api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    api.findCluster("orders");

    api.addTags(cluster.arn(), Map.of("cost-center", "42", "owner", "dbops"));
    assertThat(api.findCluster("orders").orElseThrow().tags())
        .containsEntry("cost-center", "42").containsEntry("owner", "dbops").containsEntry("team", "data");

    api.removeTags(cluster.arn(), List.of("owner", "team"));
    assertThat(api.findCluster("orders").orElseThrow().tags()).containsOnlyKeys("cost-center");
  }

  @Test
  void stoppedClusterReportsStoppedAndStartsAgain() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    api.findCluster("orders");

    api.stopCluster("orders");
    assertThat(api.findCluster("orders").orElseThrow().status()).isEqualTo("stopped");

    api.startCluster("orders");
    assertThat(api.findCluster("orders").orElseThrow().isAvailable()).isTrue();
  }

  @Test
  void missingClusterIsEmptyOnFindAndNotFoundOnDelete() {
    assertThat(api.findCluster("ghost")).isEmpty();
    assertThat(api.findInstances("ghost")).isEmpty();

    assertThatThrownBy(() -> api.deleteCluster("ghost", Optional.empty()))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.kind()).isEqualTo(AwsErrorKind.NOT_FOUND);
          assertThat(e.code()).isEqualTo("DBClusterNotFoundFault");
        });
    assertThatThrownBy(() -> api.deleteInstance("ghost-1"))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.NOT_FOUND));
  }

  @Test
  void secondClusterWithTheSameIdIsAlreadyExists() {
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));

    assertThatThrownBy(() -> api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null))))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.ALREADY_EXISTS));
  }

  @Test
  void invalidParameterIsTerminalAndNeverShowsThePassword() {
    var request = serverlessV2("orders", new Capacity(0.5, 8.0, null));
    var invalid = new dev.dbops.aurora.aws.NewCluster(request.identifier(), "not-an-engine", request.engineVersion(),
        request.scaling(), request.masterUsername(), request.masterPassword(), false, null, request.databaseName(),
        request.port(), null, List.of(), true, null, 1, null, null, false, null, List.of(), false, Map.of());

    assertThatThrownBy(() -> api.createCluster(invalid))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.kind()).isEqualTo(AwsErrorKind.TERMINAL);
          assertThat(e.code()).isEqualTo("InvalidParameterValue");
        })
        .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain("s3cret-Passw0rd"));
  }

  @Test
  void clusterParameterGroupIsCreatedOnceAndItsParametersSetInBatchesOfTwenty() {
    assertThat(api.clusterParameterGroupExists("orders-pg15")).isFalse();
    Map<String, String> parameters = new java.util.TreeMap<>();
    for (int i = 0; i < 25; i++) {
      parameters.put("custom.setting_" + i, String.valueOf(i));
    }

    api.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", parameters, Map.of("team", "data"));
    api.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", Map.of("custom.setting_0", "changed"), Map.of());

    assertThat(api.clusterParameterGroupExists("orders-pg15")).isTrue();
    assertThat(api.calls().count("CreateDBClusterParameterGroup")).isEqualTo(1);
    assertThat(api.calls().count("ModifyDBClusterParameterGroup")).isEqualTo(3);
    Map<String, String> stored = MotoRds.clusterParameters(regions, "orders-pg15");
    assertThat(stored).containsEntry("custom.setting_0", "changed").containsEntry("custom.setting_24", "24");
  }

  @Test
  void parameterGroupFamiliesAreReadAndAMissingGroupIsAbsent() {
    api.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", Map.of(), Map.of());
    try (var rds = MotoRds.client(regions)) {
      rds.createDBParameterGroup(b -> b.dbParameterGroupName("orders-instance-pg13")
          .dbParameterGroupFamily("aurora-postgresql13").description("test"));
    }

    assertThat(api.clusterParameterGroupFamily("orders-pg15")).contains("aurora-postgresql15");
    assertThat(api.instanceParameterGroupFamily("orders-instance-pg13")).contains("aurora-postgresql13");
    // RDS answers DBParameterGroupNotFound, now TERMINAL for everyone else: here it means absent.
    assertThat(api.clusterParameterGroupFamily("no-such-group")).isEmpty();
    assertThat(api.instanceParameterGroupFamily("no-such-group")).isEmpty();
    assertThat(api.clusterParameterGroupExists("no-such-group")).isFalse();
  }

  /**
   * moto 5.2.5 answers DeleteDBClusterParameterGroup for a missing group with DBParameterGroupNotFound, HTTP 404,
   * as RDS does; the api takes it for "already gone". moto deletes a group a cluster still uses without a word
   * (RDS answers InvalidDBParameterGroupState, INVALID_STATE: the in-memory RDS refuses it, InMemoryRdsTest), and
   * answers DBParameterGroupNotFound for default.* groups, which it does not hold (checked with boto3 on moto).
   */
  @Test
  void clusterParameterGroupIsDeletedAndAMissingOneIsAlreadyGone() {
    api.putClusterParameterGroup("orders-v2-aurora-postgresql15-6f1c2d3e", "aurora-postgresql15",
        Map.of("log_min_duration_statement", "500"), Map.of("aurora.dbops.dev/migration", "shop/orders"));
    api.putClusterParameterGroup("orders-pg15", "aurora-postgresql15", Map.of(), Map.of());

    api.deleteClusterParameterGroup("orders-v2-aurora-postgresql15-6f1c2d3e");
    api.deleteClusterParameterGroup("orders-v2-aurora-postgresql15-6f1c2d3e");

    assertThat(api.clusterParameterGroupExists("orders-v2-aurora-postgresql15-6f1c2d3e")).isFalse();
    assertThat(api.clusterParameterGroupExists("orders-pg15")).isTrue();
    assertThat(api.calls().count("DeleteDBClusterParameterGroup")).isEqualTo(2);
  }

  @Test
  void userParametersOfAClusterParameterGroupAreReadBack() {
    Map<String, String> parameters = new java.util.TreeMap<>();
    for (int i = 0; i < 25; i++) {
      parameters.put("custom.setting_" + i, String.valueOf(i));
    }
    parameters.put("timezone", "Europe/Berlin");
    api.putClusterParameterGroup("orders-pg13", "aurora-postgresql13", parameters, Map.of());

    assertThat(api.userClusterParameters("orders-pg13")).containsExactlyInAnyOrderEntriesOf(parameters);
    assertThat(api.calls().count("DescribeDBClusterParameters")).isPositive();
  }

  @Test
  void familyParameterNamesAreUnsupportedOnMoto() {
    assertThatThrownBy(() -> api.clusterParameterNames("aurora-postgresql15"))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.UNSUPPORTED));
  }

  @Test
  void upgradeTargetsAreUnsupportedOnMoto() {
    assertThatThrownBy(() -> api.validUpgradeTargets("aurora-postgresql", "13.12"))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.UNSUPPORTED));
  }

  @Test
  void serverlessV2LimitsAreEmptyWhereTheEndpointDoesNotStateThem() {
    // moto answers DescribeDBEngineVersions without ServerlessV2FeaturesSupport, or not at all: Preflight falls back to its table.
    assertThat(api.serverlessV2Limits("aurora-postgresql", "15.8")).isEmpty();
  }

  private static String stackTraceOf(Throwable e) {
    var out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
