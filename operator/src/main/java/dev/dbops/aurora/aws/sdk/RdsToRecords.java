package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.ClusterSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfigurationInfo;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Reads SDK responses into the project's records; absent lists become empty, absent flags false. */
final class RdsToRecords {
  private RdsToRecords() {}

  static BlueGreenDeployment blueGreen(software.amazon.awssdk.services.rds.model.BlueGreenDeployment d) {
    return new BlueGreenDeployment(
        d.blueGreenDeploymentIdentifier(),
        d.blueGreenDeploymentName(),
        d.source(),
        d.target(),
        d.status(),
        d.statusDetails(),
        d.switchoverDetails().stream()
            .map(m -> new BlueGreenDeployment.Member(m.sourceMember(), m.targetMember(), m.status()))
            .toList(),
        d.tasks().stream().map(t -> new BlueGreenDeployment.Task(t.name(), t.status())).toList());
  }

  static AuroraCluster cluster(DBCluster c) {
    return new AuroraCluster(
        c.dbClusterIdentifier(),
        c.dbClusterArn(),
        c.status(),
        c.engine(),
        c.engineVersion(),
        c.engineMode(),
        c.endpoint(),
        c.readerEndpoint(),
        c.port(),
        c.masterUsername(),
        c.databaseName(),
        capacity(c.serverlessV2ScalingConfiguration()),
        c.backupRetentionPeriod(),
        c.preferredBackupWindow(),
        c.preferredMaintenanceWindow(),
        Boolean.TRUE.equals(c.deletionProtection()),
        c.dbClusterParameterGroup(),
        List.copyOf(c.enabledCloudwatchLogsExports()),
        tags(c.tagList()),
        c.dbClusterMembers().stream()
            .map(m -> new ClusterMember(m.dbInstanceIdentifier(), Boolean.TRUE.equals(m.isClusterWriter()), m.promotionTier()))
            .toList(),
        Boolean.TRUE.equals(c.storageEncrypted()),
        c.kmsKeyId(),
        c.masterUserSecret() == null ? null : c.masterUserSecret().secretArn(),
        c.dbSubnetGroup(),
        c.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList(),
        Boolean.TRUE.equals(c.copyTagsToSnapshot()));
  }

  static AuroraInstance instance(DBInstance i) {
    return new AuroraInstance(
        i.dbInstanceIdentifier(),
        i.dbInstanceArn(),
        i.dbClusterIdentifier(),
        i.dbInstanceClass(),
        i.dbInstanceStatus(),
        i.promotionTier(),
        Boolean.TRUE.equals(i.performanceInsightsEnabled()),
        i.performanceInsightsRetentionPeriod(),
        i.dbParameterGroups().stream().map(DBParameterGroupStatus::dbParameterGroupName).findFirst().orElse(null));
  }

  static ClusterSnapshot snapshot(DBClusterSnapshot s) {
    return new ClusterSnapshot(
        s.dbClusterSnapshotIdentifier(),
        s.dbClusterSnapshotArn(),
        s.dbClusterIdentifier(),
        s.status(),
        s.engineVersion(),
        s.percentProgress(),
        tags(s.tagList()));
  }

  private static Capacity capacity(ServerlessV2ScalingConfigurationInfo scaling) {
    if (scaling == null) {
      return null;
    }
    return new Capacity(scaling.minCapacity(), scaling.maxCapacity(), scaling.secondsUntilAutoPause());
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(tag -> map.put(tag.key(), tag.value()));
    return Map.copyOf(map);
  }
}
