package dev.dbops.aurora.testing.aurora;

import com.sun.net.httpserver.HttpServer;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A local Aurora: moto is the control plane (every call goes to it), real PostgreSQL is the data plane.
 * An HTTP proxy in front of moto for RDS's Query API, so the operator's real SDK path runs unchanged:
 *
 * <ul>
 *   <li>CreateDBCluster (aurora-postgresql 13.x or 15.x): initdb with the master user and password, a
 *       server on a loopback address of its own;
 *   <li>CreateDBClusterSnapshot: pg_basebackup of the whole running cluster;
 *   <li>RestoreDBClusterFromSnapshot: a server on a copy of the snapshot, at the snapshot's major version;
 *   <li>ModifyDBCluster to another major: pg_upgrade --check, then pg_upgrade, in the background, the
 *       cluster {@code upgrading} meanwhile; a refusal leaves it available at the old version;
 *   <li>Stop/Start/DeleteDBCluster: the server stops or starts; data stays until the state dir goes;
 *   <li>Create/Switchover/DeleteBlueGreenDeployment: green on the target major kept in sync by logical
 *       replication, a switchover that fences blue and swaps the endpoints ({@link BlueGreenReplication});
 *   <li>every answer naming a cluster: its endpoint and port are the local server's.
 * </ul>
 *
 * <p>State (records, data directories, {@code local-aurora.log}) lives in one directory, so the proxy can
 * run as its own process ({@link #main}) that outlives an operator killed with SIGKILL, and a restarted
 * proxy finds its clusters again.
 */
public final class LocalAurora implements AutoCloseable {
  private final DataPlaneState state;
  private final ClusterStorage storage;
  private final MajorUpgrade upgrades;
  private final BlueGreenReplication blueGreen;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final boolean temporary;

  private LocalAurora(URI moto, Path stateDir, boolean temporary) {
    this.temporary = temporary;
    this.state = new DataPlaneState(stateDir);
    PostgresInstallation postgres = PostgresInstallation.local();
    this.storage = new ClusterStorage(postgres, state);
    this.upgrades = new MajorUpgrade(postgres, state, storage);
    this.blueGreen = new BlueGreenReplication(state, storage);
    storage.resume();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", new MotoForwarder(moto, new RdsActions(storage, upgrades, state, blueGreen)).handler());
    server.start();
  }

  /** In this JVM, with a state dir of its own that {@link #close} removes. */
  public static LocalAurora start(URI moto) {
    try {
      return new LocalAurora(moto, Files.createTempDirectory("local-aurora"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** On a state dir that outlives this object (another process may pick it up). */
  public static LocalAurora start(URI moto, Path stateDir) {
    return new LocalAurora(moto, stateDir, false);
  }

  /** Where AWS clients send their calls instead of moto. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public Path stateDir() {
    return state.dir();
  }

  /** The data plane's record of a cluster: its address, port, major version. */
  public Optional<ClusterRecord> cluster(String identifier) {
    return state.cluster(identifier);
  }

  /** A JDBC connection to a cluster's server, through its endpoint, as any client would connect. */
  public Connection connect(String cluster, String database, String user, String password) throws SQLException {
    ClusterRecord r = cluster(cluster).orElseThrow(() -> new IllegalArgumentException("no data plane cluster " + cluster));
    return DriverManager.getConnection("jdbc:postgresql://" + r.host() + ":" + r.port() + "/" + database, user, password);
  }

  /** The data plane's record of a Blue/Green deployment: its status and, after switchover, the blocked window. */
  public Optional<BlueGreenRecord> blueGreenDeployment(String identifier) {
    return state.deployment(identifier);
  }

  /** Runs after a restore has started its server, in the restoring call (a test tampers with the target). */
  public void afterRestore(Consumer<String> hook) {
    storage.afterRestore(hook);
  }

  /**
   * Restarts the cluster's server on its endpoint; {@code immediate} as a failover does it (statistics
   * lost), otherwise a clean (fast) shutdown. Open sessions end either way.
   */
  public void restart(String clusterId, boolean immediate) {
    storage.restart(clusterId, immediate);
  }

  /** The lines of local-aurora.log so far: one per create, snapshot, restore, upgrade, stop. */
  public List<String> log() {
    try {
      Path log = state.dir().resolve(DataPlaneState.LOG);
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the proxy and every server; a temporary state dir goes with them. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    // An upgrade cut off here starts its old server again; only then are all servers stopped.
    upgrades.close();
    blueGreen.close();
    storage.close();
    if (temporary) {
      deleteTree(state.dir());
    }
  }

  /**
   * {@code LocalAurora <moto-url> <state-dir> <url-file>}: runs until SIGTERM (which stops the servers);
   * writes {@code AURORA_URL=http://127.0.0.1:PORT} to the url file once it answers.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LocalAurora <moto-url> <state-dir> <url-file>");
      System.exit(2);
    }
    LocalAurora aurora = start(URI.create(args[0]), Path.of(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(aurora::close));
    String line = "AURORA_URL=" + aurora.endpoint() + "\n";
    Path file = Path.of(args[2]);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, line);
    // Moved into place so a reader never sees half a file.
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    System.out.print(line);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp dir is no reason to fail a test
    }
  }
}
