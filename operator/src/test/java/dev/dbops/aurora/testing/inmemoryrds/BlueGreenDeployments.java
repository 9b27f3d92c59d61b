package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.NewBlueGreenDeployment;
import dev.dbops.aurora.testing.inmemoryrds.Clusters.Cluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blue/Green deployments as RDS runs them, at least as strict (Aurora User Guide, "Creating a blue/green
 * deployment", "Switching a blue/green deployment"; RDS API Reference, the Errors of each action):
 *
 * <ul>
 *   <li>create refuses a name in use (BlueGreenDeploymentAlreadyExistsFault), a Serverless v1 source or one
 *       with a managed master password (SourceClusterNotSupportedFault), a source whose cluster parameter group
 *       does not have rds.logical_replication = 1 in effect, i.e. set and rebooted into (the same fault here;
 *       re:Post says RDS may instead fail the deployment and say so in its events, so callers must handle both),
 *       a source not available, or already blue in another deployment (InvalidDBClusterStateFault);
 *   <li>green (cluster {@code <blue>-green-<6 letters>} and one instance per blue instance) is built while the
 *       deployment is PROVISIONING, for some reads, then AVAILABLE;
 *   <li>switchover only from AVAILABLE (InvalidBlueGreenDeploymentStateFault); SWITCHOVER_IN_PROGRESS for some
 *       reads, then SWITCHOVER_COMPLETED, with blue renamed {@code <blue>-old1} and green taking blue's name;
 *   <li>delete refuses DeleteTarget after a switchover, and any delete while a switchover runs.
 * </ul>
 */
final class BlueGreenDeployments {
  private static final class Deployment {
    String id;
    String name;
    String sourceId;
    String targetId;
    final Progress progress = new Progress("PROVISIONING");
  }

  private final Map<String, Deployment> byId = new LinkedHashMap<>();
  /** Cluster parameters in effect until the next reboot, for clusters whose group changed since their last one. */
  private final Map<String, Map<String, String>> appliedUntilReboot = new HashMap<>();
  private final int busyReads;
  private int created;

  BlueGreenDeployments(int busyReads) {
    this.busyReads = busyReads;
  }

  BlueGreenDeployment create(NewBlueGreenDeployment n, Clusters clusters, Instances instances, ParameterGroups groups) {
    if (byId.values().stream().anyMatch(d -> d.name.equals(n.name()))) {
      throw Refusals.error(400, "BlueGreenDeploymentAlreadyExistsFault",
          "A blue/green deployment with the name " + n.name() + " already exists");
    }
    String sourceId = clusterOfArn(n.sourceArn());
    Cluster blue = clusters.existing(sourceId);
    if ("serverless".equals(blue.engineMode) || blue.masterUserSecretArn != null) {
      throw Refusals.error(400, "SourceClusterNotSupportedFault", "The source DB cluster " + sourceId
          + " isn't supported for a blue/green deployment (" + ("serverless".equals(blue.engineMode)
              ? "Aurora Serverless v1" : "master password managed in Secrets Manager") + ")");
    }
    String logical = inEffect(blue, groups).getOrDefault("rds.logical_replication", "0");
    if (!"1".equals(logical)) {
      throw Refusals.error(400, "SourceClusterNotSupportedFault", "Blue/Green Deployments require a DB cluster with"
          + " logical replication enabled: rds.logical_replication is " + logical + " in effect on " + sourceId
          + (appliedUntilReboot.containsKey(sourceId) ? " (a change is pending reboot)" : ""));
    }
    if (!blue.status().equals("available")) {
      throw Refusals.clusterState(sourceId, blue.status());
    }
    if (byId.values().stream().anyMatch(d -> d.sourceId.equals(sourceId) || d.targetId.equals(sourceId))) {
      throw Refusals.error(400, "InvalidDBClusterStateFault", "DBCluster " + sourceId + " is already part of a"
          + " blue/green deployment");
    }
    String version = n.targetEngineVersion() != null ? n.targetEngineVersion() : blue.engineVersion;
    groups.checkClusterGroup(n.targetClusterParameterGroup(), version);
    Deployment d = new Deployment();
    created++;
    d.id = "bgd-" + String.format("%016d", created);
    d.name = n.name();
    d.sourceId = sourceId;
    d.targetId = sourceId + "-green-" + letters(created);
    Cluster green = clusters.newCluster(d.targetId, version, "creating");
    green.engineMode = blue.engineMode;
    green.scaling = blue.scaling;
    green.masterUsername = blue.masterUsername;
    green.parameterGroup = n.targetClusterParameterGroup() != null ? n.targetClusterParameterGroup()
        : green.parameterGroup;
    green.tags.putAll(blue.tags);
    clusters.add(green);
    for (Instances.Instance i : instances.of(sourceId)) {
      instances.add(i.id + "-green-" + letters(created), d.targetId, i.instanceClass, i.parameterGroup, true);
    }
    d.progress.begin("PROVISIONING", "AVAILABLE", busyReads);
    byId.put(d.id, d);
    return toRecord(d);
  }

  Optional<BlueGreenDeployment> read(String id, Clusters clusters, Instances instances) {
    Deployment d = byId.get(id);
    if (d == null) {
      return Optional.empty();
    }
    if (d.progress.read() && d.progress.status().equals("SWITCHOVER_COMPLETED")) {
      swapNames(d, clusters, instances);
    }
    return Optional.of(toRecord(d));
  }

  List<BlueGreenDeployment> ofSource(String sourceArn, Clusters clusters, Instances instances) {
    List<BlueGreenDeployment> found = new ArrayList<>();
    for (Deployment d : List.copyOf(byId.values())) {
      if (InMemoryRds.arn("cluster", d.sourceId).equals(sourceArn)) {
        read(d.id, clusters, instances).ifPresent(found::add);
      }
    }
    return found;
  }

  BlueGreenDeployment switchover(String id) {
    Deployment d = existing(id);
    if (!d.progress.status().equals("AVAILABLE")) {
      throw Refusals.error(400, "InvalidBlueGreenDeploymentStateFault", "BlueGreenDeployment " + id + " is "
          + d.progress.status() + "; only an AVAILABLE deployment can be switched over");
    }
    d.progress.begin("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_COMPLETED", busyReads);
    return toRecord(d);
  }

  void delete(String id, boolean deleteTarget, Clusters clusters, Instances instances) {
    Deployment d = existing(id);
    String status = d.progress.status();
    if (status.equals("SWITCHOVER_IN_PROGRESS")) {
      throw Refusals.error(400, "InvalidBlueGreenDeploymentStateFault", "BlueGreenDeployment " + id + " is " + status);
    }
    if (deleteTarget && status.equals("SWITCHOVER_COMPLETED")) {
      throw Refusals.error(400, "InvalidParameterCombination",
          "DeleteTarget can't be specified after the blue/green deployment has been switched over");
    }
    byId.remove(id);
    if (deleteTarget) {
      instances.of(d.targetId).forEach(i -> instances.begin(i, "deleting", "deleted"));
      Cluster green = clusters.get(d.targetId);
      if (green != null) {
        clusters.begin(green, "deleting", "deleted");
      }
    }
  }

  /** Before a cluster's parameter group changes or is replaced: what it has in effect stays so until a reboot. */
  void beforeGroupChange(Cluster c, ParameterGroups groups) {
    appliedUntilReboot.computeIfAbsent(c.id, id -> Map.copyOf(parametersOf(c, groups)));
  }

  void rebooted(String clusterId) {
    appliedUntilReboot.remove(clusterId);
  }

  private Map<String, String> inEffect(Cluster c, ParameterGroups groups) {
    Map<String, String> pending = appliedUntilReboot.get(c.id);
    return pending != null ? pending : parametersOf(c, groups);
  }

  private static Map<String, String> parametersOf(Cluster c, ParameterGroups groups) {
    Map<String, String> parameters = groups.clusterParameters(c.parameterGroup);
    return parameters == null ? Map.of() : parameters;
  }

  private void swapNames(Deployment d, Clusters clusters, Instances instances) {
    String oldBlue = d.sourceId + "-old1";
    rename(d.sourceId, oldBlue, clusters, instances);
    rename(d.targetId, d.sourceId, clusters, instances);
    d.targetId = d.sourceId;
    d.sourceId = oldBlue;
  }

  private static void rename(String from, String to, Clusters clusters, Instances instances) {
    Cluster c = clusters.get(from);
    if (c == null) {
      return;
    }
    clusters.remove(from);
    c.id = to;
    clusters.add(c);
    instances.of(from).forEach(i -> i.clusterId = to);
  }

  private Deployment existing(String id) {
    Deployment d = byId.get(id);
    if (d == null) {
      throw Refusals.error(404, "BlueGreenDeploymentNotFoundFault", "BlueGreenDeployment " + id + " not found");
    }
    return d;
  }

  private static BlueGreenDeployment toRecord(Deployment d) {
    String status = d.progress.status();
    String source = InMemoryRds.arn("cluster", d.sourceId);
    String target = InMemoryRds.arn("cluster", d.targetId);
    return new BlueGreenDeployment(d.id, d.name, source, target, status, null,
        List.of(new BlueGreenDeployment.Member(source, target, status)),
        List.of(new BlueGreenDeployment.Task("CREATING_READ_REPLICA_OF_SOURCE",
            status.equals("PROVISIONING") ? "IN_PROGRESS" : "COMPLETED")));
  }

  static String clusterOfArn(String arn) {
    return InMemoryRds.rdsId(arn.substring(arn.lastIndexOf(':') + 1));
  }

  private static String letters(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      s.append((char) ('a' + n % 26));
      n /= 26;
    }
    return s.toString();
  }
}
