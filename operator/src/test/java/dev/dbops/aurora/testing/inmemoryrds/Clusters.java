package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.upgrade.UpgradePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The region's DB clusters, keyed by their lower-case identifier, and the rules about one cluster. */
final class Clusters {
  /** A cluster as RDS holds it; a transition's end is applied when a read sees it end. */
  static final class Cluster {
    String id;
    final Progress progress = new Progress("available");
    String engineVersion;
    /** The version an upgrade is going to; RDS reports the old one until the upgrade is done. */
    String upgradingTo;
    String engineMode = "provisioned";
    /** Restored from a snapshot of an Aurora Serverless v1 cluster: its first instance must be provisioned. */
    boolean restoredFromServerlessV1;
    Capacity scaling;
    Integer retention = 7;
    String backupWindow;
    String maintenanceWindow;
    boolean deletionProtection;
    String parameterGroup;
    List<String> logExports = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    String masterUsername = "postgres";
    String databaseName = "postgres";
    Integer port = 5432;
    String masterUserSecretArn;
    String dbSubnetGroup = "default";
    List<String> securityGroupIds = List.of("sg-1");
    boolean copyTagsToSnapshot = true;

    String status() {
      return progress.status();
    }
  }

  private static final Set<String> MODIFY_REFUSED = union(Refusals.CLUSTER_BUSY, "stopped");

  private final Map<String, Cluster> byId = new LinkedHashMap<>();
  private final int busyReads;

  Clusters(int busyReads) {
    this.busyReads = busyReads;
  }

  /** A new cluster, not yet stored, in the status it starts in. */
  Cluster newCluster(String id, String engineVersion, String status) {
    Cluster c = new Cluster();
    c.id = id;
    c.engineVersion = engineVersion;
    c.parameterGroup = "default." + Refusals.familyOf(engineVersion);
    if (!status.equals("available")) {
      c.progress.begin(status, "available", busyReads);
    }
    return c;
  }

  void add(Cluster c) {
    byId.put(c.id, c);
  }

  Cluster get(String id) {
    return byId.get(id);
  }

  Cluster existing(String id) {
    Cluster c = byId.get(id);
    if (c == null) {
      throw Refusals.clusterNotFound(id);
    }
    return c;
  }

  List<Cluster> all() {
    return List.copyOf(byId.values());
  }

  /** RDS refuses a second cluster of the same name, also while the first is still being deleted. */
  void requireNameFree(String id) {
    if (byId.containsKey(id)) {
      throw Refusals.error(400, "DBClusterAlreadyExistsFault", "DB Cluster already exists");
    }
  }

  static void requireNotIn(Cluster c, Set<String> refusing) {
    if (refusing.contains(c.status())) {
      throw Refusals.clusterState(c.id, c.status());
    }
  }

  void begin(Cluster c, String during, String endsAs) {
    c.progress.begin(during, endsAs, busyReads);
  }

  /** One describe of the cluster passes; null once a deletion has ended. */
  Cluster read(String id) {
    Cluster c = byId.get(id);
    if (c != null && c.progress.read()) {
      settled(c);
    }
    return byId.get(id);
  }

  void finishAll() {
    for (Cluster c : all()) {
      c.progress.finish();
      settled(c);
    }
  }

  void remove(String id) {
    byId.remove(id);
  }

  private void settled(Cluster c) {
    if (c.status().equals("deleted")) {
      byId.remove(c.id);
    } else if (c.upgradingTo != null) {
      c.engineVersion = c.upgradingTo;
      c.upgradingTo = null;
    }
  }

  // ---- the cluster verbs, each refusing what RDS refuses before it changes anything ----

  Cluster create(NewCluster n, ParameterGroups groups) {
    String id = InMemoryRds.rdsId(n.identifier());
    Refusals.checkIdentifier("DBClusterIdentifier", id, Refusals.MAX_LENGTH);
    requireNameFree(id);
    Refusals.checkScaling(n.engineVersion(), n.scaling());
    groups.checkClusterGroup(n.parameterGroup(), n.engineVersion());
    Cluster c = newCluster(id, n.engineVersion(), "creating");
    c.scaling = n.scaling();
    c.retention = n.backupRetentionDays();
    c.backupWindow = n.backupWindow() != null ? n.backupWindow() : "03:00-03:30";
    c.maintenanceWindow = n.maintenanceWindow() != null ? n.maintenanceWindow() : "sun:05:00-sun:05:30";
    c.deletionProtection = n.deletionProtection();
    c.parameterGroup = n.parameterGroup() != null ? n.parameterGroup() : c.parameterGroup;
    c.logExports.addAll(n.logExports());
    c.tags.putAll(n.tags());
    c.masterUsername = n.masterUsername();
    c.databaseName = n.databaseName();
    c.port = n.port();
    c.copyTagsToSnapshot = n.copyTagsToSnapshot();
    c.securityGroupIds = n.securityGroupIds() == null ? List.of() : List.copyOf(n.securityGroupIds());
    if (n.manageMasterUserPassword()) {
      c.masterUserSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-" + id;
    }
    add(c);
    return c;
  }

  /** RestoreDBClusterFromSnapshot; the engine version is the snapshot's unless the restore names one. */
  Cluster restore(ClusterRestore r, Snapshots snapshots, ParameterGroups groups) {
    String id = InMemoryRds.rdsId(r.identifier());
    Refusals.checkIdentifier("DBClusterIdentifier", id, Refusals.MAX_LENGTH);
    requireNameFree(id);
    Snapshots.Snapshot snapshot = snapshots.available(InMemoryRds.rdsId(r.snapshotIdentifier()));
    String version = r.engineVersion() != null ? r.engineVersion() : snapshot.engineVersion;
    Refusals.checkScaling(version, r.scaling());
    groups.checkClusterGroup(r.parameterGroup(), version);
    Cluster c = newCluster(id, version, "creating");
    Cluster source = get(snapshot.clusterId);
    c.restoredFromServerlessV1 = source != null && "serverless".equals(source.engineMode);
    c.scaling = r.scaling();
    c.deletionProtection = r.deletionProtection();
    c.parameterGroup = r.parameterGroup() != null ? r.parameterGroup() : c.parameterGroup;
    c.logExports.addAll(r.logExports() == null ? List.of() : r.logExports());
    c.tags.putAll(r.tags() == null ? Map.of() : r.tags());
    c.port = r.port() != null ? r.port() : 5432;
    add(c);
    return c;
  }

  /**
   * ModifyDBCluster, applied immediately. A new engine version makes it an upgrade: "upgrading", the old
   * version reported until it ends; a major one needs AllowMajorVersionUpgrade.
   * @param ignored accepted but never stored (an emulator that answers without storing the change)
   */
  Cluster modify(String id, ClusterChanges ch, ParameterGroups groups, boolean ignored) {
    Cluster c = existing(id);
    requireNotIn(c, MODIFY_REFUSED);
    if (ch.masterPassword() != null && c.masterUserSecretArn != null) {
      // As RDS answers: a password Secrets Manager manages cannot also be set directly.
      throw Refusals.invalidCombination(
          "You can't specify MasterUserPassword for a DB cluster that has ManageMasterUserPassword enabled.");
    }
    boolean upgrade = ch.engineVersion() != null && !ch.engineVersion().equals(c.engineVersion);
    String version = upgrade ? ch.engineVersion() : c.engineVersion;
    if (upgrade && UpgradePath.isMajorUpgrade(c.engineVersion, version) && !ch.allowMajorVersionUpgrade()) {
      throw Refusals.invalidCombination(
          "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.");
    }
    Refusals.checkScaling(version, ch.scaling());
    groups.checkClusterGroup(ch.parameterGroup(), version);
    groups.checkInstanceGroup(ch.instanceParameterGroup(), version);
    begin(c, upgrade ? "upgrading" : "modifying", "available");
    if (ignored) {
      return c;
    }
    apply(ch, c);
    if (upgrade) {
      c.upgradingTo = version;
      if (ch.parameterGroup() == null && c.parameterGroup.startsWith("default.")) {
        c.parameterGroup = "default." + Refusals.familyOf(version);
      }
    }
    return c;
  }

  /** DeleteDBCluster: refused while busy, while protected, and while an instance is not being deleted. */
  void delete(Cluster c, boolean hasInstancesNotDeleting) {
    requireNotIn(c, Refusals.CLUSTER_BUSY);
    if (c.deletionProtection) {
      // RDS's words (Aurora User Guide, deletion protection); the cluster and what is left of it stay.
      throw Refusals.invalidCombination(
          "Cannot delete protected Cluster, please disable deletion protection and try again.");
    }
    if (hasInstancesNotDeleting) {
      throw Refusals.clusterState(c.id, c.status() + "; it still contains DB instances in non-deleting state");
    }
    begin(c, "deleting", "deleted");
  }

  /** RDS stops only an available cluster and starts only a stopped one. */
  void changeState(String id, String from, String during, String endsAs) {
    Cluster c = existing(id);
    if (!c.status().equals(from)) {
      throw Refusals.clusterState(c.id, c.status() + " but expected it to be " + from);
    }
    begin(c, during, endsAs);
  }

  /** ModifyDBCluster's changes, an engine version apart (that one waits for the upgrade's end). */
  static void apply(ClusterChanges ch, Cluster c) {
    if (ch.scaling() != null) {
      c.scaling = ch.scaling();
    }
    if (ch.backupRetentionDays() != null) {
      c.retention = ch.backupRetentionDays();
    }
    if (ch.backupWindow() != null) {
      c.backupWindow = ch.backupWindow();
    }
    if (ch.maintenanceWindow() != null) {
      c.maintenanceWindow = ch.maintenanceWindow();
    }
    if (ch.deletionProtection() != null) {
      c.deletionProtection = ch.deletionProtection();
    }
    if (ch.parameterGroup() != null) {
      c.parameterGroup = ch.parameterGroup();
    }
    if (ch.enableLogTypes() != null) {
      c.logExports.addAll(ch.enableLogTypes());
    }
    if (ch.disableLogTypes() != null) {
      c.logExports.removeAll(ch.disableLogTypes());
    }
    if (ch.copyTagsToSnapshot() != null) {
      c.copyTagsToSnapshot = ch.copyTagsToSnapshot();
    }
  }

  private static Set<String> union(Set<String> states, String more) {
    Set<String> all = new java.util.HashSet<>(states);
    all.add(more);
    return Set.copyOf(all);
  }

  static AuroraCluster toRecord(Cluster c, List<ClusterMember> members) {
    return new AuroraCluster(c.id, InMemoryRds.arn("cluster", c.id), c.status(), "aurora-postgresql", c.engineVersion,
        c.engineMode, c.id + ".cluster-abc.us-east-1.rds.amazonaws.com",
        c.id + ".cluster-ro-abc.us-east-1.rds.amazonaws.com", c.port, c.masterUsername, c.databaseName, c.scaling,
        c.retention, c.backupWindow, c.maintenanceWindow, c.deletionProtection, c.parameterGroup,
        List.copyOf(c.logExports), Map.copyOf(c.tags), members, true, null, c.masterUserSecretArn, c.dbSubnetGroup,
        c.securityGroupIds, c.copyTagsToSnapshot);
  }
}
