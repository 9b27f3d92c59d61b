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
  private final BlueGreenReplication blueGreen;

  RdsActions(ClusterStorage storage, MajorUpgrade upgrades, DataPlaneState state, BlueGreenReplication blueGreen) {
    this.storage = storage;
    this.upgrades = upgrades;
    this.state = state;
    this.blueGreen = blueGreen;
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
      case "CreateBlueGreenDeployment" -> {
        String blue = clusterOfArn(call.required("Source"));
        if (state.cluster(blue).isPresent()) {
          storage.requireRunning(blue);
          call.get("TargetEngineVersion").ifPresent(ClusterStorage::major);
          if (!storage.publishes(blue)) {
            // moto creates the deployment regardless; RDS refuses a source that cannot be a logical replication source.
            throw new RdsError(400, "SourceClusterNotSupportedFault", "The source DB cluster " + blue + " isn't"
                + " supported for a blue/green deployment: logical replication is off. Set rds.logical_replication"
                + " to 1 in its DB cluster parameter group and reboot the writer");
          }
        }
      }
      case "SwitchoverBlueGreenDeployment" -> {
        Optional<Integer> timeout = call.get("SwitchoverTimeout").map(Integer::parseInt);
        if (timeout.isPresent() && (timeout.get() < 30 || timeout.get() > 3600)) {
          // moto takes any value; RDS allows 30 to 3600 seconds.
          throw RdsError.invalidParameter("SwitchoverTimeout must be between 30 and 3600 seconds, not " + timeout.get());
        }
        String id = call.required("BlueGreenDeploymentIdentifier");
        if (state.deployment(id).isPresent()) {
          // moto switches over any AVAILABLE deployment at once; here green must have finished its copy.
          blueGreen.requireState(id, "AVAILABLE");
        }
      }
      case "DeleteBlueGreenDeployment" -> state.deployment(call.required("BlueGreenDeploymentIdentifier")).ifPresent(d -> {
        if (call.isTrue("DeleteTarget") && d.status().equals("SWITCHOVER_COMPLETED")) {
          throw RdsError.invalidCombination("DeleteTarget cannot be specified after a switchover: the target is now the"
              + " production cluster");
        }
        if (d.status().equals("SWITCHOVER_IN_PROGRESS") || d.status().equals("PROVISIONING")) {
          throw new RdsError(400, "InvalidBlueGreenDeploymentStateFault", "BlueGreenDeployment " + d.identifier() + " is "
              + d.status());
        }
      });
      default -> {
        // passes to moto as it is
      }
    }
  }

  /**
   * A RebootDBInstance moto accepted, of a writer of {@code clusterId}: the data plane restarts the server with
   * the cluster parameter group's rds.logical_replication as it is now ({@code logicalReplication}).
   */
  void rebooted(String clusterId, boolean logicalReplication) {
    if (state.cluster(clusterId).isPresent()) {
      storage.reboot(clusterId, logicalReplication);
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
        if (cluster.isPresent() && call.isTrue("AllowEngineModeChange")) {
          // Serverless v1 to provisioned: the writer moves to an instance of the new class, a short failover
          // (about 30 s on AWS); here the server restarts as a crash would, in the background as the call returns.
          Thread failover = new Thread(() -> storage.restart(id, true), "local-aurora-engine-mode-failover");
          failover.setDaemon(true);
          failover.start();
        }
        Optional<String> version = call.get("EngineVersion");
        if (cluster.isPresent() && version.isPresent() && !version.get().equals(cluster.get().engineVersion())) {
          if (storage.isMajorChange(cluster.get(), version.get())) {
            upgrades.start(id, version.get());
          } else {
            storage.changeMinorVersion(id, version.get());
          }
        }
      }
      case "CreateBlueGreenDeployment" -> {
        String blue = clusterOfArn(call.required("Source"));
        Optional<ClusterRecord> record = state.cluster(blue);
        Optional<org.w3c.dom.Element> deployment = RdsXml.all(answer, "BlueGreenDeployment").stream().findFirst();
        if (record.isPresent() && deployment.isPresent()) {
          String id = RdsXml.text(deployment.get(), "BlueGreenDeploymentIdentifier").orElseThrow();
          String green = clusterOfArn(RdsXml.text(deployment.get(), "Target").orElseThrow());
          blueGreen.create(id, blue, green, call.get("TargetEngineVersion").orElse(record.get().engineVersion()));
        }
      }
      case "SwitchoverBlueGreenDeployment" -> {
        String id = call.required("BlueGreenDeploymentIdentifier");
        if (state.deployment(id).isPresent()) {
          int timeout = call.get("SwitchoverTimeout").map(Integer::parseInt).orElse(300);
          blueGreen.switchover(id, java.time.Duration.ofSeconds(timeout));
        }
      }
      case "DeleteBlueGreenDeployment" ->
          blueGreen.delete(call.required("BlueGreenDeploymentIdentifier"), call.isTrue("DeleteTarget"));
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

  /** What DescribeBlueGreenDeployments shows for a deployment the data plane runs: the status its data is in. */
  Optional<String> deploymentStatus(String deploymentId) {
    return state.deployment(deploymentId).map(BlueGreenRecord::status);
  }

  /** The cluster identifier at the end of a cluster ARN (arn:aws:rds:region:account:cluster:ID). */
  static String clusterOfArn(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1);
  }

  /** A field of the first DBCluster in the answer, e.g. EngineVersion of a CreateDBCluster answer. */
  private static Optional<String> clusterField(Document answer, String field) {
    return RdsXml.all(answer, "DBCluster").stream().findFirst().flatMap(c -> RdsXml.text(c, field));
  }

  private static boolean isPostgres(Optional<String> engine) {
    return engine.map("aurora-postgresql"::equals).orElse(false);
  }
}
