package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.model.BackupSpec;
import dev.dbops.aurora.model.ParameterGroupSpec;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClusterDriftTest {

  static DesiredCluster desired(Consumer<dev.dbops.aurora.model.cluster.DatabaseClusterSpec> customize) {
    DatabaseCluster dbc = DatabaseClusterReconcilerTest.cluster("orders", customize);
    dbc.getMetadata().setUid("0f3c9a2e-1111-2222-3333-444455556666");
    return DesiredCluster.of(dbc, "us-east-1");
  }

  static AuroraCluster observed(String version, Capacity scaling, List<String> logs, String parameterGroup) {
    return new AuroraCluster("orders-db", "arn", "available", "aurora-postgresql", version, "provisioned", "h", "r",
        5432, "postgres", "postgres", scaling, 7, "03:00-03:30", "sun:05:00-sun:05:30", false, parameterGroup,
        logs, Map.of(), List.of(), true, null, null, "default", List.of(), true);
  }

  @Test
  void matchingClusterHasNoChanges() {
    var drift = ClusterDrift.between(desired(s -> {}),
        observed("15.10", new Capacity(0.5, 4.0, null), List.of(), "default.aurora-postgresql15"));

    assertThat(drift.changes().isEmpty()).isTrue();
    assertThat(drift.blockedMajorUpgrade()).isEmpty();
  }

  @Test
  void unsetWindowsAndParameterGroupAreNotForcedBack() {
    var drift = ClusterDrift.between(desired(s -> s.setBackup(new BackupSpec())),
        observed("15.10", new Capacity(0.5, 4.0, null), List.of(), "someone-elses-group"));

    assertThat(drift.changes().isEmpty()).isTrue();
  }

  @Test
  void detectsEveryModifiableSetting() {
    var drift = ClusterDrift.between(desired(s -> {
      s.getScaling().setMaxCapacity(8.0);
      BackupSpec backup = new BackupSpec();
      backup.setRetentionDays(14);
      backup.setPreferredBackupWindow("01:00-01:30");
      backup.setPreferredMaintenanceWindow("mon:02:00-mon:02:30");
      backup.setCopyTagsToSnapshot(false);
      s.setBackup(backup);
      s.setDeletionProtection(true);
      ParameterGroupSpec pg = new ParameterGroupSpec();
      pg.setParameters(Map.of("log_min_duration_statement", "500"));
      s.setParameterGroup(pg);
      s.setCloudwatchLogsExports(List.of("postgresql"));
      s.setEngineVersion("15.12");
    }), observed("15.10", new Capacity(0.5, 4.0, null), List.of("upgrade"), "default.aurora-postgresql15"));

    var c = drift.changes();
    assertThat(c.scaling()).isEqualTo(new Capacity(0.5, 8.0, null));
    assertThat(c.backupRetentionDays()).isEqualTo(14);
    assertThat(c.backupWindow()).isEqualTo("01:00-01:30");
    assertThat(c.maintenanceWindow()).isEqualTo("mon:02:00-mon:02:30");
    assertThat(c.copyTagsToSnapshot()).isFalse();
    assertThat(c.deletionProtection()).isTrue();
    assertThat(c.parameterGroup()).isEqualTo("orders-db-aurora-postgresql15");
    assertThat(c.enableLogTypes()).containsExactly("postgresql");
    assertThat(c.disableLogTypes()).containsExactly("upgrade");
    assertThat(c.engineVersion()).isEqualTo("15.12");
    assertThat(c.allowMajorVersionUpgrade()).isFalse();
    assertThat(c.masterPassword()).isNull();
  }

  @Test
  void majorUpgradeIsBlockedWithoutPermissionAndFlaggedWithIt() {
    var blocked = ClusterDrift.between(desired(s -> s.setEngineVersion("16.4")),
        observed("15.10", new Capacity(0.5, 4.0, null), List.of(), "default.aurora-postgresql15"));
    var allowed = ClusterDrift.between(desired(s -> {
      s.setEngineVersion("16.4");
      s.setAllowMajorVersionUpgrade(true);
    }), observed("15.10", new Capacity(0.5, 4.0, null), List.of(), "default.aurora-postgresql15"));

    assertThat(blocked.blockedMajorUpgrade()).contains("16.4");
    assertThat(blocked.changes().engineVersion()).isNull();
    assertThat(allowed.blockedMajorUpgrade()).isEmpty();
    assertThat(allowed.changes().engineVersion()).isEqualTo("16.4");
    assertThat(allowed.changes().allowMajorVersionUpgrade()).isTrue();
  }

  @Test
  void olderVersionThanAwsRunsIsNotSent() {
    var drift = ClusterDrift.between(desired(s -> s.setEngineVersion("15.8")),
        observed("15.10", new Capacity(0.5, 4.0, null), List.of(), "default.aurora-postgresql15"));

    assertThat(drift.changes().engineVersion()).isNull();
  }

  @Test
  void ownedParameterGroupIsNamedAfterClusterAndFamily() {
    var desired = desired(s -> {
      ParameterGroupSpec pg = new ParameterGroupSpec();
      pg.setParameters(Map.of("work_mem", "65536"));
      s.setParameterGroup(pg);
    });

    assertThat(desired.ownedParameterGroup()).get()
        .satisfies(g -> assertThat(g.name()).isEqualTo("orders-db-aurora-postgresql15"))
        .satisfies(g -> assertThat(g.family()).isEqualTo("aurora-postgresql15"));
  }

  @Test
  void instancesDefaultToOneWriterAndCountNamesAreDeterministic() {
    assertThat(desired(s -> {}).instances()).extracting(DesiredInstance::identifier).containsExactly("orders-db-1");
    var three = new dev.dbops.aurora.model.InstancesSpec();
    three.setCount(3);
    assertThat(desired(s -> s.setInstances(three)).instances()).extracting(DesiredInstance::identifier)
        .containsExactly("orders-db-1", "orders-db-2", "orders-db-3");
  }

  @Test
  void ownerTagIsAlwaysDesiredAndFinalSnapshotNameUsesUid() {
    DatabaseCluster dbc = DatabaseClusterReconcilerTest.cluster("orders", s -> s.setTags(Map.of("team", "pay")));
    dbc.getMetadata().setUid("0f3c9a2e-1111-2222-3333-444455556666");

    assertThat(DesiredCluster.of(dbc, "us-east-1").tags())
        .containsEntry("team", "pay").containsEntry(OwnerTag.KEY, "apps/orders");
    assertThat(FinalSnapshotName.of(dbc)).isEqualTo("orders-db-final-0f3c9a2e");
  }
}
