package dev.dbops.aurora.testing.aurora;

import dev.dbops.aurora.testing.rds.QueryRequest;
import dev.dbops.aurora.testing.rds.RdsError;
import dev.dbops.aurora.testing.rds.RdsXml;
import java.util.Optional;
import java.util.UUID;
import org.w3c.dom.Document;

/**
 * The one place where each RDS action meets the data plane. {@link #before} runs before the call goes
 * to moto and may refuse it (moto then never sees it); {@link #after} runs once moto has accepted it.
 * Rules a later task adds (states, more refusals) slot into these two switches.
 */
final class RdsActions {
  private final ClusterStorage storage;
  private final MajorUpgrade upgrades;
  private final DataPlaneState state;

  RdsActions(ClusterStorage storage, MajorUpgrade upgrades, DataPlaneState state) {
    this.storage = storage;
    this.upgrades = upgrades;
    this.state = state;
  }

  /** Checks what the data plane must check before moto records anything. */
  void before(QueryRequest call) {
    switch (call.action()) {
      case "CreateDBCluster" -> {
        if (isPostgres(call.get("Engine"))) {
          call.get("EngineVersion").ifPresent(ClusterStorage::major);
        }
      }
      // A snapshot is taken before moto records it, so moto never lists a snapshot that holds no data.
      case "CreateDBClusterSnapshot" ->
          storage.snapshot(call.identifier("DBClusterSnapshotIdentifier"), call.identifier("DBClusterIdentifier"));
      case "RestoreDBClusterFromSnapshot" -> {
        SnapshotRecord snapshot = storage.requireSnapshot(call.identifier("SnapshotIdentifier"));
        call.get("EngineVersion").filter(v -> ClusterStorage.major(v) != snapshot.major()).ifPresent(v -> {
          throw RdsError.invalidCombination("the local Aurora data plane restores snapshot "
              + snapshot.identifier() + " at its major version " + snapshot.major() + ", not " + v);
        });
      }
      case "ModifyDBCluster" -> {
        Optional<ClusterRecord> cluster = state.cluster(call.identifier("DBClusterIdentifier"));
        Optional<String> version = call.get("EngineVersion");
        if (cluster.isPresent() && version.isPresent()) {
          if (cluster.get().upgradingTo() != null) {
            throw new RdsError(400, "InvalidDBClusterStateFault", "DBCluster " + cluster.get().identifier()
                + " is upgrading to " + cluster.get().upgradingTo());
          }
          ClusterStorage.major(version.get());
        }
      }
      default -> {
        // passes to moto as it is
      }
    }
  }

  /** Does to the data what AWS's storage does for a call moto accepted; {@code answer} is moto's. */
  void after(QueryRequest call, Document answer) {
    switch (call.action()) {
      case "CreateDBCluster" -> {
        if (isPostgres(call.get("Engine"))) {
          String id = call.identifier("DBClusterIdentifier");
          String version = clusterField(answer, "EngineVersion").orElseGet(() -> call.required("EngineVersion"));
          String master = clusterField(answer, "MasterUsername").orElseGet(() -> call.required("MasterUsername"));
          // A password managed by Secrets Manager never reaches the caller; nobody can log in as master then.
          String password = call.get("MasterUserPassword").orElseGet(() -> UUID.randomUUID().toString());
          storage.create(id, version, master, password);
        }
      }
      case "RestoreDBClusterFromSnapshot" -> {
        SnapshotRecord snapshot = storage.requireSnapshot(call.identifier("SnapshotIdentifier"));
        String version = call.get("EngineVersion").orElse(snapshot.engineVersion());
        storage.restore(call.identifier("DBClusterIdentifier"), snapshot.identifier(), version);
      }
      case "ModifyDBCluster" -> {
        String id = call.identifier("DBClusterIdentifier");
        Optional<ClusterRecord> cluster = state.cluster(id);
        Optional<String> version = call.get("EngineVersion");
        if (cluster.isPresent() && version.isPresent() && !version.get().equals(cluster.get().engineVersion())) {
          if (storage.isMajorChange(cluster.get(), version.get())) {
            upgrades.start(id, version.get());
          } else {
            storage.changeMinorVersion(id, version.get());
          }
        }
      }
      case "StopDBCluster" -> storage.stop(call.identifier("DBClusterIdentifier"), "stopped");
      case "StartDBCluster" -> storage.startAgain(call.identifier("DBClusterIdentifier"));
      case "DeleteDBCluster" -> storage.stop(call.identifier("DBClusterIdentifier"), "deleted");
      default -> {
        // nothing happens to the data
      }
    }
  }

  /** What DescribeDBClusters (and every other answer naming a cluster) shows for a data-plane cluster. */
  Optional<EndpointView> view(String clusterId) {
    return state.cluster(clusterId).map(r -> new EndpointView(r.host(), r.port(), r.engineVersion(), r.upgradingTo() != null));
  }

  /** A field of the first DBCluster in the answer, e.g. EngineVersion of a CreateDBCluster answer. */
  private static Optional<String> clusterField(Document answer, String field) {
    return RdsXml.all(answer, "DBCluster").stream().findFirst().flatMap(c -> RdsXml.text(c, field));
  }

  private static boolean isPostgres(Optional<String> engine) {
    return engine.map("aurora-postgresql"::equals).orElse(false);
  }
}
