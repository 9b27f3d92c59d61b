package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.ClusterSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The region's manual DB cluster snapshots, keyed by their lower-case identifier. */
final class Snapshots {
  static final class Snapshot {
    String id;
    String clusterId;
    String engineVersion;
    final Progress progress = new Progress("available");
    Map<String, String> tags = new LinkedHashMap<>();
  }

  private final Map<String, Snapshot> byId = new LinkedHashMap<>();
  private final int busyReads;

  Snapshots(int busyReads) {
    this.busyReads = busyReads;
  }

  /** A snapshot RDS has begun to take: "creating", its PercentProgress rising with each read. */
  Snapshot start(String id, String clusterId, String engineVersion, Map<String, String> tags, boolean taking) {
    requireFree(id);
    Snapshot s = new Snapshot();
    s.id = id;
    s.clusterId = clusterId;
    s.engineVersion = engineVersion;
    s.tags.putAll(tags);
    if (taking) {
      s.progress.begin("creating", "available", busyReads);
    }
    byId.put(id, s);
    return s;
  }

  /**
   * CreateDBClusterSnapshot: refused while the cluster is busy; the cluster reports "backing-up" while
   * the snapshot is taken (writes are not refused then: Aurora snapshots are storage-level).
   */
  Snapshot take(String snapshotId, String clusterId, Map<String, String> tags, Clusters clusters) {
    String id = InMemoryRds.rdsId(snapshotId);
    Refusals.checkIdentifier("DBClusterSnapshotIdentifier", id, Refusals.MAX_LENGTH);
    Clusters.Cluster c = clusters.existing(InMemoryRds.rdsId(clusterId));
    Clusters.requireNotIn(c, Refusals.CLUSTER_BUSY);
    Snapshot s = start(id, c.id, c.engineVersion, tags, true);
    if (!c.progress.inTransition() && c.status().equals("available")) {
      clusters.begin(c, "backing-up", "available");
    }
    return s;
  }

  /** DeleteDBClusterSnapshot: the snapshot must exist and be available. */
  void delete(String id) {
    available(id);
    byId.remove(id);
  }

  void requireFree(String id) {
    if (byId.containsKey(id)) {
      throw Refusals.error(400, "DBClusterSnapshotAlreadyExistsFault", "Cannot create the snapshot because a "
          + "snapshot with the identifier " + id + " already exists.");
    }
  }

  Snapshot get(String id) {
    return byId.get(id);
  }

  /** RestoreDBClusterFromSnapshot and DeleteDBClusterSnapshot need the snapshot available. */
  Snapshot available(String id) {
    Snapshot s = byId.get(id);
    if (s == null) {
      throw Refusals.snapshotNotFound(id);
    }
    if (!s.progress.status().equals("available")) {
      throw Refusals.error(400, "InvalidDBClusterSnapshotStateFault",
          "DBClusterSnapshot " + id + " is in " + s.progress.status() + " state; it must be available.");
    }
    return s;
  }

  /** One describe of the snapshot passes. */
  Snapshot read(String id) {
    Snapshot s = byId.get(id);
    if (s != null) {
      s.progress.read();
    }
    return s;
  }

  List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  void finishAll() {
    byId.values().forEach(s -> s.progress.finish());
  }

  static ClusterSnapshot toRecord(Snapshot s) {
    return new ClusterSnapshot(s.id, InMemoryRds.arn("cluster-snapshot", s.id), s.clusterId, s.progress.status(),
        s.engineVersion, s.progress.percent(), s.tags);
  }
}
