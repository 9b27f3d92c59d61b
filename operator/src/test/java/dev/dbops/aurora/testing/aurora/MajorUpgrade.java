package dev.dbops.aurora.testing.aurora;

import dev.dbops.aurora.testing.rds.RdsError;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A major-version upgrade as Aurora runs it, on real PostgreSQL: in the background, {@code pg_upgrade
 * --check}, then {@code pg_upgrade --link}, then the new major's server on the cluster's address and port.
 * The record says {@code upgradingTo} meanwhile (DescribeDBClusters answers {@code upgrading} and the old
 * version); a refusal leaves the cluster available at its old version, with pg_upgrade's report in
 * {@code clusters/<id>/upgrade-refused.txt} and a line in local-aurora.log.
 */
final class MajorUpgrade implements AutoCloseable {
  private final PostgresInstallation postgres;
  private final DataPlaneState state;
  private final ClusterStorage storage;
  private final ExecutorService upgrades = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "local-aurora-pg_upgrade");
    t.setDaemon(true);
    return t;
  });

  MajorUpgrade(PostgresInstallation postgres, DataPlaneState state, ClusterStorage storage) {
    this.postgres = postgres;
    this.state = state;
    this.storage = storage;
  }

  /**
   * Marks the cluster upgrading (so DescribeDBClusters says so from now on) and runs the upgrade in the
   * background: pg_upgrade --check, then pg_upgrade --link, then the new major's server on the same
   * address and port. A refusal leaves the cluster available at the old version, as Aurora does.
   */
  void start(String clusterId, String engineVersion) {
    // Records change under the storage's lock, so a stop or start of the same cluster cannot interleave.
    synchronized (storage) {
      ClusterRecord record = state.cluster(clusterId).orElseThrow();
      if (record.upgradingTo() != null) {
        throw new RdsError(400, "InvalidDBClusterStateFault", "DBCluster " + clusterId + " is upgrading");
      }
      state.save(record.upgrading(engineVersion));
    }
    upgrades.submit(() -> run(clusterId));
  }

  private void run(String clusterId) {
    ClusterRecord record = state.cluster(clusterId).orElseThrow();
    int newMajor = ClusterStorage.major(record.upgradingTo());
    String from = postgres.version(record.major());
    String to = postgres.version(newMajor);
    LocalPostgresCluster old = storage.cluster(record);
    Path newDir = storage.clusterDir(clusterId).resolve("data-" + newMajor);
    long begin = System.nanoTime();
    try {
      LocalPostgresCluster.UpgradeOutcome check = old.upgrade(newMajor, newDir, record.masterUsername(), true);
      String checkTook = ClusterStorage.seconds(begin);
      LocalPostgresCluster.UpgradeOutcome outcome =
          check.ok() ? old.upgrade(newMajor, newDir, record.masterUsername(), false) : check;
      if (!outcome.ok()) {
        refuseUpgrade(record, from, to, outcome.output(), old);
        return;
      }
      LocalPostgresCluster upgraded = LocalPostgresCluster.at(postgres, newDir);
      upgraded.start(record.host(), record.port());
      synchronized (storage) {
        state.save(record.at(record.upgradingTo(), newMajor, newDir.toString()));
      }
      state.record("pg_upgrade " + from + " → " + to + " for " + clusterId + " took " + ClusterStorage.seconds(begin)
          + " (initdb and --check " + checkTook + "); now " + record.upgradingTo() + " on " + record.host() + ":"
          + record.port());
    } catch (RuntimeException e) {
      refuseUpgrade(record, from, to, String.valueOf(e.getMessage()), old);
    }
  }

  private void refuseUpgrade(ClusterRecord record, String from, String to, String output, LocalPostgresCluster old) {
    Path report = storage.clusterDir(record.identifier()).resolve("upgrade-refused.txt");
    try {
      Files.writeString(report, "pg_upgrade " + from + " → " + to + " refused:\n" + output + "\n");
    } catch (IOException e) {
      // the log line below still says it
    }
    try {
      old.start(record.host(), record.port());
    } catch (RuntimeException e) {
      state.record("cluster " + record.identifier() + " did not start again after the refused upgrade: " + e.getMessage());
    }
    synchronized (storage) {
      state.save(record.at(record.engineVersion(), record.major(), record.dataDir()));
    }
    String firstLines = output.lines().filter(l -> !l.isBlank()).limit(12).reduce((a, b) -> a + " | " + b).orElse("");
    state.record("pg_upgrade " + from + " → " + to + " for " + record.identifier() + " REFUSED; the cluster stays at "
        + record.engineVersion() + " (report: " + report + "): " + firstLines);
  }

  /** Gives up a running upgrade (its old server is started again) and waits for that. */
  @Override
  public void close() {
    upgrades.shutdownNow();
    try {
      upgrades.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
