package dev.dbops.aurora.testing.aurora;

import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.rds.RdsError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Blue/Green deployment on real PostgreSQL, as RDS runs one: green is a new server at the target major,
 * kept in sync with blue by native logical replication (a publication FOR ALL TABLES on blue, a subscription
 * on green per database), so what logical replication does not carry is not carried here either: DDL,
 * sequence values, large objects; and once blue publishes, an UPDATE or DELETE on a table without a replica
 * identity fails on blue.
 *
 * <p>Green's initial copy: the schema comes from {@code pg_dumpall --schema-only} (roles with their password
 * hashes, databases, definitions, no rows), the rows from the subscription's own {@code copy_data}. That is
 * the order that neither loses nor doubles a committed write: for each table, PostgreSQL's table
 * synchronisation copies the rows at the snapshot of a replication slot it creates for that copy, and the
 * apply worker takes over from exactly that slot's position, so a transaction committed on blue is either in
 * the copy or replayed after it, never both and never neither, however busy blue is meanwhile. (A copy taken
 * any other way, e.g. a dump then a subscription with copy_data=false, has a gap or an overlap between the
 * dump's snapshot and the slot's start.)
 *
 * <p>Switchover: blue refuses TCP connections and its sessions end (a real fence: a session cannot lift it,
 * unlike default_transaction_read_only); the replication walsenders, on the Unix socket, go on until green
 * has confirmed blue's last WAL position; then replication ends, the two servers trade addresses (green on
 * blue's endpoint, as RDS renames the clusters) and old blue comes back read-only. The time from the fence to
 * green serving on blue's endpoint is the write-blocked window, kept in the record and in local-aurora.log.
 */
final class BlueGreenReplication implements AutoCloseable {
  private static final Duration PROVISIONING_LIMIT = Duration.ofMinutes(10);

  private final DataPlaneState state;
  private final ClusterStorage storage;
  private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "local-aurora-blue-green");
    t.setDaemon(true);
    return t;
  });

  BlueGreenReplication(DataPlaneState state, ClusterStorage storage) {
    this.state = state;
    this.storage = storage;
  }

  /** Records the deployment PROVISIONING and builds green in the background. Idempotent by identifier. */
  void create(String deploymentId, String blueId, String greenId, String targetEngineVersion) {
    synchronized (storage) {
      if (state.deployment(deploymentId).isPresent()) {
        return;
      }
      storage.requireRunning(blueId);
      state.save(new BlueGreenRecord(deploymentId, blueId, greenId, targetEngineVersion, "PROVISIONING", null, List.of(), -1));
    }
    work.submit(() -> provision(deploymentId));
  }

  /** The refusal RDS gives unless the deployment is AVAILABLE; then SWITCHOVER_IN_PROGRESS, run in the background. */
  void switchover(String deploymentId, Duration timeout) {
    synchronized (storage) {
      BlueGreenRecord d = requireState(deploymentId, "AVAILABLE");
      state.save(d.with("SWITCHOVER_IN_PROGRESS", null));
    }
    work.submit(() -> runSwitchover(deploymentId, timeout));
  }

  /**
   * Ends replication (before a switchover; after one it has ended already) and, with {@code deleteTarget},
   * stops green's server. Blue and its data are never touched but for its publication.
   */
  void delete(String deploymentId, boolean deleteTarget) {
    BlueGreenRecord d = state.deployment(deploymentId).orElse(null);
    if (d == null) {
      return;
    }
    synchronized (storage) {
      if (!d.status().startsWith("SWITCHOVER")) {
        stopReplication(d);
      }
      if (deleteTarget) {
        storage.stop(d.greenCluster(), "deleted (Blue/Green target)");
      }
      state.save(d.with("DELETING", null));
    }
  }

  /** The refusal RDS answers for a deployment not in {@code required}: InvalidBlueGreenDeploymentStateFault. */
  BlueGreenRecord requireState(String deploymentId, String required) {
    BlueGreenRecord d = state.deployment(deploymentId).orElseThrow(() -> new RdsError(404, "BlueGreenDeploymentNotFoundFault",
        "BlueGreenDeployment " + deploymentId + " not found"));
    if (!d.status().equals(required)) {
      throw new RdsError(400, "InvalidBlueGreenDeploymentStateFault", "BlueGreenDeployment " + deploymentId + " is "
          + d.status() + ", not " + required);
    }
    return d;
  }

  private void provision(String deploymentId) {
    BlueGreenRecord d = state.deployment(deploymentId).orElseThrow();
    long begin = System.nanoTime();
    try {
      ClusterRecord blue = state.cluster(d.blueCluster()).orElseThrow();
      String master = blue.masterUsername();
      LocalPostgresCluster blueServer = storage.cluster(blue);
      // Green's master password is blue's: the dump below sets it from blue's hash; this one is replaced.
      ClusterRecord green = storage.create(d.greenCluster(), d.targetEngineVersion(), master, UUID.randomUUID().toString());
      LocalPostgresCluster greenServer = storage.cluster(green);
      Path schema = storage.clusterDir(d.greenCluster()).resolve("blue-schema.sql");
      blueServer.dumpSchemaTo(schema, master, green.major());
      // psql goes past the errors a whole-cluster dump meets on a fresh cluster (the master role exists).
      greenServer.sqlFile(master, "postgres", schema);
      List<String> databases = List.of(blueServer.sql(master, "postgres",
          "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname").split("\n"));
      d = d.withDatabases(databases);
      state.save(d);
      for (int i = 0; i < databases.size(); i++) {
        String db = databases.get(i);
        blueServer.sql(master, db, "CREATE PUBLICATION " + d.publication() + " FOR ALL TABLES");
        // Over blue's Unix socket, where the master user is trusted: the data plane holds no password.
        greenServer.sql(master, db, "CREATE SUBSCRIPTION " + d.subscription(i) + " CONNECTION 'host="
            + blueServer.dataDir().toAbsolutePath() + " port=" + blue.port() + " user=" + master + " dbname=" + db
            + "' PUBLICATION " + d.publication() + " WITH (copy_data = true)");
      }
      awaitInitialCopy(d, greenServer, master);
      state.save(state.deployment(deploymentId).orElseThrow().with("AVAILABLE", null));
      state.record("blue/green " + deploymentId + ": green " + d.greenCluster() + " (PostgreSQL " + green.major()
          + ") in sync with blue " + d.blueCluster() + " (PostgreSQL " + blue.major() + ") by logical replication of "
          + databases.size() + " databases after " + ClusterStorage.seconds(begin));
    } catch (RuntimeException e) {
      state.save(state.deployment(deploymentId).orElseThrow().with("INVALID_CONFIGURATION", e.getMessage()));
      state.record("blue/green " + deploymentId + ": provisioning green failed: " + firstLine(e.getMessage()));
    }
  }

  /** Until every table of every subscription has been copied and caught up (state r) and its apply worker runs. */
  private void awaitInitialCopy(BlueGreenRecord d, LocalPostgresCluster green, String master) {
    long deadline = System.nanoTime() + PROVISIONING_LIMIT.toNanos();
    for (int i = 0; i < d.databases().size(); i++) {
      String sub = d.subscription(i);
      String query = "SELECT (SELECT count(*) FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid"
          + " WHERE s.subname = '" + sub + "' AND r.srsubstate <> 'r') = 0 AND (SELECT count(*) FROM pg_stat_subscription"
          + " WHERE subname = '" + sub + "' AND relid IS NULL AND pid IS NOT NULL) = 1";
      while (!"t".equals(green.sql(master, d.databases().get(i), query))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("green's initial copy of " + d.databases().get(i) + " took longer than "
              + PROVISIONING_LIMIT);
        }
        sleep(100);
      }
    }
  }

  private void runSwitchover(String deploymentId, Duration timeout) {
    BlueGreenRecord d = state.deployment(deploymentId).orElseThrow();
    ClusterRecord blue = state.cluster(d.blueCluster()).orElseThrow();
    ClusterRecord green = state.cluster(d.greenCluster()).orElseThrow();
    String master = blue.masterUsername();
    LocalPostgresCluster blueServer = storage.cluster(blue);
    LocalPostgresCluster greenServer = storage.cluster(green);
    long begin = System.nanoTime();
    try {
      blueServer.fenceTcp(master, true);
      // Every session that could write is gone, so no commit can follow this position; the insert position (not
      // the flushed one) also covers commits still in WAL buffers under synchronous_commit = off.
      String lastWrite = blueServer.sql(master, "postgres", "SELECT pg_current_wal_insert_lsn()");
      String caughtUp = "SELECT count(*) FILTER (WHERE confirmed_flush_lsn >= '" + lastWrite + "') = " + d.databases().size()
          + " FROM pg_replication_slots WHERE slot_name LIKE '" + d.publication() + "\\_%'";
      long deadline = begin + timeout.toNanos();
      while (!"t".equals(blueServer.sql(master, "postgres", caughtUp))) {
        if (System.nanoTime() > deadline) {
          // RDS rolls a switchover that overran its timeout back: blue takes writes again, replication goes on.
          blueServer.fenceTcp(master, false);
          state.save(d.with("SWITCHOVER_FAILED", "green did not catch up within " + timeout.toSeconds() + " s"));
          state.record("blue/green " + deploymentId + ": switchover timed out after " + timeout.toSeconds() + " s");
          return;
        }
        sleep(5);
      }
      long replayed = System.nanoTime();
      stopReplication(d);
      // Old blue stays read-only after the switchover, as RDS leaves it.
      blueServer.sql(master, "postgres", "ALTER SYSTEM SET default_transaction_read_only = on");
      long writable;
      synchronized (storage) {
        blueServer.stop();
        greenServer.stop();
        greenServer.start(blue.host(), blue.port());
        writable = System.nanoTime();
        blueServer.start(green.host(), green.port());
        String oldBlue = d.blueCluster() + "-old1";
        state.rename(d.blueCluster(), blue.renamed(oldBlue, green.host(), green.port()));
        state.rename(d.greenCluster(), green.renamed(d.blueCluster(), blue.host(), blue.port()));
      }
      blueServer.fenceTcp(master, false);
      long blocked = Duration.ofNanos(writable - begin).toMillis();
      state.save(d.switchedOver(blocked));
      state.record("blue/green " + deploymentId + ": switchover done; writes blocked for " + blocked + " ms (green caught up in "
          + Duration.ofNanos(replayed - begin).toMillis() + " ms); " + d.blueCluster() + " is now PostgreSQL "
          + green.major() + " on " + blue.host() + ":" + blue.port());
    } catch (RuntimeException e) {
      state.save(d.with("SWITCHOVER_FAILED", e.getMessage()));
      state.record("blue/green " + deploymentId + ": switchover failed: " + firstLine(e.getMessage()));
    }
  }

  /** Green's subscriptions dropped (and with them their slots on blue), then blue's publication. */
  private void stopReplication(BlueGreenRecord d) {
    ClusterRecord blue = state.cluster(d.blueCluster()).orElseThrow();
    LocalPostgresCluster blueServer = storage.cluster(blue);
    state.cluster(d.greenCluster()).map(storage::cluster).filter(LocalPostgresCluster::isRunning).ifPresent(green -> {
      for (int i = 0; i < d.databases().size(); i++) {
        green.sql(blue.masterUsername(), d.databases().get(i), "DROP SUBSCRIPTION IF EXISTS " + d.subscription(i));
      }
    });
    for (String db : d.databases()) {
      blueServer.sql(blue.masterUsername(), db, "DROP PUBLICATION IF EXISTS " + d.publication());
    }
  }

  private static String firstLine(String message) {
    return String.valueOf(message).lines().filter(l -> !l.isBlank()).limit(3).reduce((a, b) -> a + " | " + b).orElse("");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    work.shutdownNow();
    try {
      work.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
