package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.ClusterScalingStatus;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import dev.dbops.aurora.model.cluster.InstanceStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Copies what AWS reports about a cluster and its instances into the resource's status. */
public final class ClusterStatusObserver {

  private static final Set<String> FAILED = Set.of(
      "failed", "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable",
      "incompatible-parameters", "incompatible-restore", "incompatible-network");

  public void observe(DatabaseClusterStatus status, AuroraCluster cluster, List<AuroraInstance> instances) {
    status.setArn(cluster.arn());
    status.setAwsStatus(cluster.status());
    status.setEndpoint(cluster.endpoint());
    status.setReaderEndpoint(cluster.readerEndpoint());
    status.setPort(cluster.port());
    status.setEngineVersion(cluster.engineVersion());
    status.setEngineMode(cluster.engineMode());
    status.setMasterUserSecretArn(cluster.masterUserSecretArn());
    if (cluster.scaling() != null) {
      ClusterScalingStatus scaling = new ClusterScalingStatus();
      scaling.setMinCapacity(cluster.scaling().min());
      scaling.setMaxCapacity(cluster.scaling().max());
      scaling.setSecondsUntilAutoPause(cluster.scaling().secondsUntilAutoPause());
      status.setScaling(scaling);
    } else {
      status.setScaling(null);
    }
    Set<String> writers = cluster.members() == null ? Set.of() : cluster.members().stream()
        .filter(ClusterMember::writer).map(ClusterMember::instanceId).collect(Collectors.toSet());
    status.setInstances(instances.stream().map(i -> {
      InstanceStatus s = new InstanceStatus();
      s.setIdentifier(i.identifier());
      s.setInstanceClass(i.instanceClass());
      s.setStatus(i.status());
      s.setWriter(writers.contains(i.identifier()));
      s.setPromotionTier(i.promotionTier());
      return s;
    }).toList());
    status.setPhase(phaseOf(cluster, instances));
  }

  /** Clears what described a cluster that no longer exists. */
  public void observeAbsent(DatabaseClusterStatus status) {
    status.setArn(null);
    status.setAwsStatus(null);
    status.setEndpoint(null);
    status.setReaderEndpoint(null);
    status.setInstances(List.of());
    status.setPhase(ClusterPhase.Pending);
  }

  static ClusterPhase phaseOf(AuroraCluster cluster, List<AuroraInstance> instances) {
    String s = cluster.status() == null ? "" : cluster.status();
    if (FAILED.contains(s)) {
      return ClusterPhase.Failed;
    }
    if (s.equals("creating") || s.equals("restoring")) {
      return ClusterPhase.Creating;
    }
    if (s.equals("deleting")) {
      return ClusterPhase.Deleting;
    }
    if (!cluster.isAvailable()) {
      return ClusterPhase.Modifying;
    }
    if (instances.isEmpty() || instances.stream().anyMatch(i -> "creating".equals(i.status()))) {
      return instances.stream().anyMatch(AuroraInstance::isAvailable) ? ClusterPhase.Modifying : ClusterPhase.Creating;
    }
    return instances.stream().allMatch(AuroraInstance::isAvailable) ? ClusterPhase.Available : ClusterPhase.Modifying;
  }
}
