package dev.dbops.aurora.testing.aurora;

import dev.dbops.aurora.testing.rds.RdsError;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * What Aurora's storage does, on real PostgreSQL: a cluster is a data directory with a server on a
 * loopback address of its own; a snapshot is pg_basebackup of the whole running cluster; a restore
 * starts a server on a copy of it (a major upgrade is {@link MajorUpgrade}). Every action is idempotent:
 * what exists already is left as it is.
 */
final class ClusterStorage implements AutoCloseable {
  /** The majors whose binaries .ci/install-postgres.sh installs. */
  static final Set<Integer> MAJORS = Set.of(13, 15);

  private final PostgresInstallation postgres;
  private final DataPlaneState state;
  private volatile Consumer<String> afterRestore = id -> {};

  ClusterStorage(PostgresInstallation postgres, DataPlaneState state) {
    this.postgres = postgres;
    this.state = state;
  }

  void afterRestore(Consumer<String> hook) {
    this.afterRestore = hook;
  }

  /** The major of an engine version such as 13.12; refused when no binaries of it are installed. */
  static int major(String engineVersion) {
    int major;
    try {
      major = Integer.parseInt(engineVersion.split("\\.")[0]);
    } catch (NumberFormatException e) {
      throw new RdsError(400, "InvalidParameterValue", "Invalid engine version " + engineVersion);
    }
    if (!MAJORS.contains(major)) {
      throw new RdsError(400, "InvalidParameterCombination", "the local Aurora data plane has no PostgreSQL " + major
          + " binaries (installed: 13 and 15), so it cannot serve aurora-postgresql " + engineVersion);
    }
    return major;
  }

  /** initdb with the master user as bootstrap superuser, then a server on a new loopback address. */
  synchronized ClusterRecord create(String identifier, String engineVersion, String masterUsername, String password) {
    Optional<ClusterRecord> existing = state.cluster(identifier);
    if (existing.isPresent()) {
      return existing.get();
    }
    int major = major(engineVersion);
    Path dataDir = clusterDir(identifier).resolve("data-" + major);
    long begin = System.nanoTime();
    LocalPostgresCluster cluster = LocalPostgresCluster.initialise(postgres, major, dataDir, masterUsername, password);
    ClusterRecord record = start(cluster, new ClusterRecord(
        identifier, engineVersion, major, null, 0, masterUsername, dataDir.toString(), null, false));
    state.record("created cluster " + identifier + " (PostgreSQL " + postgres.version(major) + ") on "
        + record.host() + ":" + record.port() + " in " + seconds(begin));
    return record;
  }

  /** The cluster's running server, or the refusal AWS gives for a cluster that cannot be snapshotted. */
  synchronized void requireRunning(String identifier) {
    ClusterRecord record = state.cluster(identifier).orElseThrow(() -> new RdsError(400, "InvalidDBClusterStateFault",
        "DBCluster " + identifier + " has no database server in the local Aurora data plane (it was not created"
            + " through this proxy), so there is no data to snapshot"));
    if (record.upgradingTo() != null || !cluster(record).isRunning()) {
      throw new RdsError(400, "InvalidDBClusterStateFault", "DBCluster " + identifier + " is not available");
    }
  }

  /** pg_basebackup of the running cluster into the snapshot's directory, renamed into place when complete. */
  synchronized SnapshotRecord snapshot(String snapshotId, String clusterId) {
    Optional<SnapshotRecord> existing = state.snapshot(snapshotId);
    if (existing.isPresent()) {
      return existing.get();
    }
    requireRunning(clusterId);
    ClusterRecord source = state.cluster(clusterId).orElseThrow();
    Path dir = state.snapshotDir(snapshotId);
    Path partial = dir.resolve("data.partial");
    Path data = dir.resolve("data");
    long begin = System.nanoTime();
    try {
      deleteTree(partial);
      Files.createDirectories(dir);
      cluster(source).backupOverSocketTo(partial, source.masterUsername());
      Files.move(partial, data, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store snapshot " + snapshotId, e);
    }
    SnapshotRecord record = new SnapshotRecord(
        snapshotId, clusterId, source.engineVersion(), source.major(), source.masterUsername(), data.toString());
    state.save(record);
    state.record("snapshot " + snapshotId + " of cluster " + clusterId + " (pg_basebackup, PostgreSQL "
        + source.major() + ") took " + seconds(begin));
    return record;
  }

  /** A snapshot the data plane holds, or the refusal AWS gives for one it cannot restore. */
  SnapshotRecord requireSnapshot(String snapshotId) {
    return state.snapshot(snapshotId).orElseThrow(() -> new RdsError(400, "DBClusterSnapshotNotFoundFault",
        "DBClusterSnapshot " + snapshotId + " has no data in the local Aurora data plane"));
  }

  /** A copy of the snapshot's directory as the new cluster's, started at the snapshot's major version. */
  synchronized ClusterRecord restore(String clusterId, String snapshotId, String engineVersion) {
    Optional<ClusterRecord> existing = state.cluster(clusterId);
    if (existing.isPresent()) {
      return existing.get();
    }
    SnapshotRecord snapshot = requireSnapshot(snapshotId);
    long begin = System.nanoTime();
    Path dataDir = clusterDir(clusterId).resolve("data-" + snapshot.major());
    LocalPostgresCluster cluster = LocalPostgresCluster.copyOf(postgres, Path.of(snapshot.dataDir()), dataDir);
    ClusterRecord record = start(cluster, new ClusterRecord(clusterId, engineVersion, snapshot.major(), null, 0,
        snapshot.masterUsername(), dataDir.toString(), null, false));
    state.record("restored cluster " + clusterId + " from snapshot " + snapshotId + " (PostgreSQL "
        + snapshot.major() + ") on " + record.host() + ":" + record.port() + " in " + seconds(begin));
    afterRestore.accept(clusterId);
    return record;
  }

  /** Whether a modify to {@code engineVersion} changes the major version (and so the data). */
  boolean isMajorChange(ClusterRecord record, String engineVersion) {
    return major(engineVersion) != record.major();
  }

  /** A minor version change: Aurora patches the engine in place; the data stays as it is. */
  synchronized void changeMinorVersion(String clusterId, String engineVersion) {
    state.cluster(clusterId).ifPresent(r -> state.save(r.at(engineVersion, r.major(), r.dataDir())));
  }

  synchronized void stop(String clusterId, String why) {
    state.cluster(clusterId).ifPresent(r -> {
      if (r.upgradingTo() == null) {
        cluster(r).stop();
      }
      state.save(r.stopped(true));
      state.record(why + " cluster " + clusterId + ": server stopped (data kept in " + r.dataDir() + ")");
    });
  }

  synchronized void startAgain(String clusterId) {
    state.cluster(clusterId).ifPresent(r -> {
      cluster(r).start(r.host(), r.port());
      state.save(r.stopped(false));
      state.record("started cluster " + clusterId + " on " + r.host() + ":" + r.port());
    });
  }

  /**
   * Restarts a running cluster's server on the same endpoint, as an Aurora reboot or failover does: {@code
   * immediate} is a crash (no shutdown checkpoint; PostgreSQL recovers from WAL and its statistics start
   * again from zero), otherwise a fast shutdown (sessions ended, statistics written and kept).
   */
  synchronized void restart(String clusterId, boolean immediate) {
    ClusterRecord r = running(clusterId);
    LocalPostgresCluster server = cluster(r);
    if (immediate) {
      server.crash();
    } else {
      server.stop();
    }
    server.start(r.host(), r.port());
    state.record("restarted cluster " + clusterId + " (" + (immediate ? "immediate" : "fast") + " shutdown) on "
        + r.host() + ":" + r.port());
  }

  /**
   * RebootDBInstance of the cluster's writer: a clean restart (sessions end) that applies the static parameters of
   * the cluster's parameter group as they are now, here the one the data plane acts on: rds.logical_replication,
   * which Aurora PostgreSQL turns into wal_level = logical (1) or replica (0). Set with ALTER SYSTEM, so it lasts
   * across later restarts, as a parameter group does.
   */
  synchronized void reboot(String clusterId, boolean logicalReplication) {
    ClusterRecord r = running(clusterId);
    cluster(r).sql(r.masterUsername(), "postgres",
        "ALTER SYSTEM SET wal_level = " + (logicalReplication ? "logical" : "replica"));
    restart(clusterId, false);
    state.record("rebooted cluster " + clusterId + " with rds.logical_replication = " + (logicalReplication ? 1 : 0));
  }

  /** True when the cluster's server runs with wal_level = logical: it can publish, as a Blue/Green blue must. */
  synchronized boolean publishes(String clusterId) {
    ClusterRecord r = running(clusterId);
    return "logical".equals(cluster(r).sql(r.masterUsername(), "postgres", "SHOW wal_level"));
  }

  private ClusterRecord running(String clusterId) {
    return state.cluster(clusterId)
        .filter(c -> !c.stopped() && c.upgradingTo() == null)
        .orElseThrow(() -> new IllegalStateException("no running data plane cluster " + clusterId));
  }

  /** After a restart of the proxy: servers that should run, run. An upgrade cut off midway is not resumed. */
  synchronized void resume() {
    for (ClusterRecord r : state.clusters()) {
      if (r.upgradingTo() != null) {
        state.record("cluster " + r.identifier() + " was upgrading when the proxy stopped; left as it is");
      } else if (!r.stopped()) {
        cluster(r).start(r.host(), r.port());
      }
    }
  }

  /** Stops every server this state dir holds (the data stays). Stop {@link MajorUpgrade} first. */
  @Override
  public void close() {
    stopAll();
  }

  private synchronized void stopAll() {
    for (ClusterRecord r : state.clusters()) {
      try {
        cluster(r).stop();
      } catch (RuntimeException e) {
        state.record("cannot stop cluster " + r.identifier() + ": " + e.getMessage());
      }
    }
  }

  LocalPostgresCluster cluster(ClusterRecord record) {
    return LocalPostgresCluster.at(postgres, Path.of(record.dataDir()));
  }

  private ClusterRecord start(LocalPostgresCluster cluster, ClusterRecord record) {
    InetSocketAddress address = freeLoopbackAddress();
    String host = address.getHostString();
    cluster.start(host, address.getPort());
    ClusterRecord started = new ClusterRecord(record.identifier(), record.engineVersion(), record.major(), host,
        address.getPort(), record.masterUsername(), record.dataDir(), null, false);
    state.save(started);
    return started;
  }

  /** The cluster's directory, created and given to the servers' user. */
  Path clusterDir(String identifier) {
    Path dir = state.clusterDir(identifier);
    try {
      Files.createDirectories(dir);
      postgres.ownDirectory(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An address of 127.0.0.0/8 other than 127.0.0.1, and a port free on it: each cluster has an endpoint
   * of its own, so a Secret or Service pointing at the wrong cluster shows in its host, not only its port.
   */
  private static InetSocketAddress freeLoopbackAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 20; attempt++) {
      String host = "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
        return new InetSocketAddress(host, socket.getLocalPort());
      } catch (IOException taken) {
        // try another address
      }
    }
    throw new IllegalStateException("no free loopback address in 127.0.0.0/8");
  }

  static String seconds(long beginNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", Duration.ofNanos(System.nanoTime() - beginNanos).toMillis() / 1000.0);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
