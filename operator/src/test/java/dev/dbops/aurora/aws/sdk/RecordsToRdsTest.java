package dev.dbops.aurora.aws.sdk;

import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessV2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.SecretValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.CreateDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

class RecordsToRdsTest {

  @Test
  void createRequestIsServerlessV2AndNeverPrintsThePassword() {
    CreateDbClusterRequest request = RecordsToRds.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, 600)));

    assertThat(request.engineMode()).isEqualTo("provisioned");
    assertThat(request.serverlessV2ScalingConfiguration().minCapacity()).isEqualTo(0.5);
    assertThat(request.serverlessV2ScalingConfiguration().secondsUntilAutoPause()).isEqualTo(600);
    assertThat(request.masterUserPassword()).isEqualTo("s3cret-Passw0rd");
    assertThat(request.manageMasterUserPassword()).isNull();
    assertThat(request.toString()).doesNotContain("s3cret-Passw0rd");
  }

  @Test
  void modifyAppliesImmediatelyAndSendsOnlyWhatChanged() {
    ModifyDbClusterRequest request = RecordsToRds.modifyCluster("orders",
        new ClusterChanges(null, 14, null, null, null, null, List.of("postgresql"), null, null, false,
            "ignored-without-major-upgrade", null, SecretValue.of("n3w-Passw0rd")));

    assertThat(request.applyImmediately()).isTrue();
    assertThat(request.backupRetentionPeriod()).isEqualTo(14);
    assertThat(request.serverlessV2ScalingConfiguration()).isNull();
    assertThat(request.engineVersion()).isNull();
    assertThat(request.dbInstanceParameterGroupName()).isNull();
    assertThat(request.cloudwatchLogsExportConfiguration().enableLogTypes()).containsExactly("postgresql");
    assertThat(request.cloudwatchLogsExportConfiguration().hasDisableLogTypes()).isFalse();
    assertThat(request.toString()).doesNotContain("n3w-Passw0rd");
  }

  @Test
  void majorUpgradeCarriesTheInstanceParameterGroup() {
    ModifyDbClusterRequest request = RecordsToRds.modifyCluster("orders",
        new ClusterChanges(null, null, null, null, null, "orders-pg15", null, null, "15.4", true, "default.aurora-postgresql15",
            null, null));

    assertThat(request.engineVersion()).isEqualTo("15.4");
    assertThat(request.allowMajorVersionUpgrade()).isTrue();
    assertThat(request.dbClusterParameterGroupName()).isEqualTo("orders-pg15");
    assertThat(request.dbInstanceParameterGroupName()).isEqualTo("default.aurora-postgresql15");
    assertThat(request.cloudwatchLogsExportConfiguration()).isNull();
  }
}
