package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterMember;
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

  static AuroraCluster toRecord(Cluster c, List<ClusterMember> members) {
    return new AuroraCluster(c.id, InMemoryRds.arn("cluster", c.id), c.status(), "aurora-postgresql", c.engineVersion,
        c.engineMode, c.id + ".cluster-abc.us-east-1.rds.amazonaws.com",
        c.id + ".cluster-ro-abc.us-east-1.rds.amazonaws.com", c.port, c.masterUsername, c.databaseName, c.scaling,
        c.retention, c.backupWindow, c.maintenanceWindow, c.deletionProtection, c.parameterGroup,
        List.copyOf(c.logExports), Map.copyOf(c.tags), members, true, null, c.masterUserSecretArn, c.dbSubnetGroup,
        c.securityGroupIds, c.copyTagsToSnapshot);
  }
}
