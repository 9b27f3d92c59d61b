package dev.dbops.aurora.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One PostgreSQL cluster (a data directory) of the full Debian binaries, driven through the real tools:
 * initdb, pg_ctl, pg_basebackup and pg_upgrade. Nothing is kept in memory but the directory: a new JVM
 * (an operator restarted mid-migration) finds a running server again through {@link #at}.
 *
 * <p>Servers listen on 127.0.0.1 only, with password (SCRAM) authentication over TCP as on Aurora, and
 * trust over the Unix socket inside the data directory, which only pg_upgrade uses.
 */
public final class LocalPostgresCluster {
  private static final String LOOPBACK = "127.0.0.1";
  /**
   * Settings for a test server: no JIT (libllvm is not installed), no fsync (an OS crash is not what the tests
   * play). Commits stay synchronous: Aurora never loses a commit it acknowledged, not even in a failover, and a
   * failover here is a crash of the server process, which would lose up to three WAL-writer delays of
   * asynchronous commits (an application's "committed" write gone: the shop load found five after an
   * engine-mode conversion before this was on).
   */
  private static final List<String> SETTINGS = List.of(
      "listen_addresses = '127.0.0.1'",
      "max_connections = 100",
      "shared_buffers = 16MB",
      "jit = off",
      "fsync = off",
      "synchronous_commit = on",
      "full_page_writes = off",
      "max_prepared_transactions = 10",
      "max_wal_senders = 20",
      // replica, as Aurora PostgreSQL runs with rds.logical_replication = 0, its default: a Blue/Green deployment
      // needs logical, which the local Aurora sets (ALTER SYSTEM) only when a reboot applies a cluster parameter
      // group with rds.logical_replication = 1, as RDS does (ClusterStorage.reboot; docs/testing.md).
      "wal_level = replica",
      "max_replication_slots = 20",
      "max_logical_replication_workers = 8",
      "log_min_messages = warning");

  private final PostgresInstallation installation;
  private final Path dataDir;
  private final int major;

  private LocalPostgresCluster(PostgresInstallation installation, Path dataDir, int major) {
    this.installation = installation;
    this.dataDir = dataDir;
    this.major = major;
  }

  /** An existing data directory; its major version is read from PG_VERSION. */
  public static LocalPostgresCluster at(PostgresInstallation installation, Path dataDir) {
    try {
      int major = Integer.parseInt(Files.readString(dataDir.resolve("PG_VERSION")).trim());
      return new LocalPostgresCluster(installation, dataDir, major);
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL data directory at " + dataDir, e);
    }
  }

  /**
   * A new cluster whose bootstrap superuser is {@code superuser} with {@code password}. The parent of
   * {@code dataDir} must exist; it is given to the servers' user.
   */
  public static LocalPostgresCluster initialise(
      PostgresInstallation installation, int major, Path dataDir, String superuser, String password) {
    try {
      Path parent = dataDir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      installation.ownDirectory(parent);
      Path passwordFile = Files.createTempFile(parent, "pw", ".txt");
      try {
        Files.writeString(passwordFile, password + "\n");
        installation.ownDirectory(passwordFile);
        installation.runOrThrow(major, "initdb", List.of(
            "-D", dataDir.toString(), "-U", superuser, "--pwfile=" + passwordFile, "-E", "UTF8",
            "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"), parent);
      } finally {
        Files.deleteIfExists(passwordFile);
      }
      LocalPostgresCluster cluster = new LocalPostgresCluster(installation, dataDir, major);
      cluster.configure();
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot initialise a cluster in " + dataDir, e);
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public int major() {
    return major;
  }

  /** Starts the server on 127.0.0.1:{@code port} and waits until it accepts connections; no-op when it runs. */
  public void start(int port) {
    start(LOOPBACK, port);
  }

  /**
   * Starts the server on {@code host:port}, a loopback address (127.x.y.z: Linux answers on all of
   * 127.0.0.0/8, so each cluster can have an address of its own, as each Aurora endpoint has), and waits
   * until it accepts connections; no-op when it runs.
   */
  public void start(String host, int port) {
    if (isRunning()) {
      return;
    }
    // A copy taken from a running server carries its postmaster.pid; the copy's server is not running.
    deleteQuietly(dataDir.resolve("postmaster.pid"));
    installation.runOrThrow(major, "pg_ctl", List.of(
        "-D", dataDir.toString(), "-l", logFile().toString(), "-o",
        "-h " + host + " -p " + port + " -k " + dataDir, "-w", "-t", "120", "start"), dataDir.getParent());
  }

  /** Stops the server (fast shutdown: sessions are ended, everything written is kept); no-op when stopped. */
  public void stop() {
    if (!isRunning()) {
      return;
    }
    installation.runOrThrow(major, "pg_ctl", List.of("-D", dataDir.toString(), "-m", "fast", "-w", "-t", "120", "stop"),
        dataDir.getParent());
  }

  /** Kills the server as a crash or a failover would: no shutdown checkpoint, statistics lost. */
  public void crash() {
    if (isRunning()) {
      installation.run(major, "pg_ctl", List.of("-D", dataDir.toString(), "-m", "immediate", "-w", "stop"),
          dataDir.getParent());
    }
  }

  public boolean isRunning() {
    return Files.exists(dataDir.resolve("postmaster.pid"))
        && installation.run(major, "pg_ctl", List.of("-D", dataDir.toString(), "status"), dataDir.getParent()).ok();
  }

  /** The port of the running server, from postmaster.pid (its fourth line). */
  public OptionalInt runningPort() {
    if (!isRunning()) {
      return OptionalInt.empty();
    }
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** The address the running server listens on, from postmaster.pid (its sixth line). */
  public Optional<String> runningHost() {
    if (!isRunning()) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return Optional.of(lines.get(5).trim().split("\\s+")[0]).filter(h -> !h.isEmpty() && !h.equals("*"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A consistent copy of the whole running cluster (every database, role, setting, sequence and large
   * object), taken while it keeps serving, through the server's backup API as pg_basebackup does it.
   * {@code target} must not exist yet.
   */
  public void backupTo(Path target, String user, String password) {
    int port = runningPort().orElseThrow(() -> new IllegalStateException("cannot back up a stopped cluster " + dataDir));
    String host = runningHost().orElse(LOOPBACK);
    Path parent = target.toAbsolutePath().getParent();
    installation.ownDirectory(parent);
    PostgresInstallation.Result result = installation.run(major, "pg_basebackup", List.of(
        "-h", host, "-p", Integer.toString(port), "-U", user, "-D", target.toString(),
        "-X", "stream", "-c", "fast", "--no-sync"), parent, Map.of("PGPASSWORD", password));
    if (!result.ok()) {
      throw new IllegalStateException("pg_basebackup of " + dataDir + " failed:\n" + result.output());
    }
  }

  /**
   * As {@link #backupTo}, but over the server's Unix socket in its data directory, where the bootstrap
   * superuser is trusted: the local Aurora proxy takes snapshots without holding any password.
   */
  public void backupOverSocketTo(Path target, String superuser) {
    int port = runningPort().orElseThrow(() -> new IllegalStateException("cannot back up a stopped cluster " + dataDir));
    Path parent = target.toAbsolutePath().getParent();
    installation.ownDirectory(parent);
    PostgresInstallation.Result result = installation.run(major, "pg_basebackup", List.of(
        "-h", dataDir.toAbsolutePath().toString(), "-p", Integer.toString(port), "-U", superuser, "-D", target.toString(),
        "-X", "stream", "-c", "fast", "--no-sync"), parent);
    if (!result.ok()) {
      throw new IllegalStateException("pg_basebackup of " + dataDir + " failed:\n" + result.output());
    }
  }

  /**
   * Runs SQL with psql as the bootstrap superuser over the server's Unix socket (trusted there), so the local
   * Aurora proxy needs no password; stops at the first error. Returns psql's unaligned, tuples-only output.
   */
  public String sql(String superuser, String database, String sql) {
    PostgresInstallation.Result result = trySql(superuser, database, sql);
    if (!result.ok()) {
      throw new IllegalStateException("psql on " + this + " (database " + database + ") failed:\n" + result.output());
    }
    return result.output().strip();
  }

  /** As {@link #sql}, with psql's exit and output returned rather than thrown. */
  public PostgresInstallation.Result trySql(String superuser, String database, String sql) {
    int port = runningPort().orElseThrow(() -> new IllegalStateException("no server runs on " + dataDir));
    return installation.run(major, "psql", List.of("-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
        "-h", dataDir.toAbsolutePath().toString(), "-p", Integer.toString(port), "-U", superuser, "-d", database,
        "-c", sql), dataDir.getParent());
  }

  /** A psql script file run against one database over the socket; errors are kept going past, as psql does. */
  public String sqlFile(String superuser, String database, Path file) {
    int port = runningPort().orElseThrow(() -> new IllegalStateException("no server runs on " + dataDir));
    return installation.runOrThrow(major, "psql", List.of("-X", "-q", "-h", dataDir.toAbsolutePath().toString(),
        "-p", Integer.toString(port), "-U", superuser, "-d", database, "-f", file.toString()), dataDir.getParent());
  }

  /**
   * pg_dumpall --schema-only of this running server into {@code file}, with the binaries of {@code toolMajor}
   * (a newer pg_dumpall reads an older server): roles with their password hashes, databases, and every
   * object's definition, but no rows.
   */
  public void dumpSchemaTo(Path file, String superuser, int toolMajor) {
    int port = runningPort().orElseThrow(() -> new IllegalStateException("no server runs on " + dataDir));
    installation.runOrThrow(toolMajor, "pg_dumpall", List.of("--schema-only", "-h", dataDir.toAbsolutePath().toString(),
        "-p", Integer.toString(port), "-U", superuser, "-f", file.toString()), file.getParent());
  }

  /**
   * Refuses (or again admits) every TCP connection, as a fence: pg_hba.conf gets a first line that rejects
   * them, the server reloads, and with {@code fenced} every TCP session is ended. Sessions over the Unix
   * socket (the proxy's own, logical replication's walsenders) are not touched.
   */
  public void fenceTcp(String superuser, boolean fenced) {
    Path hba = dataDir.resolve("pg_hba.conf");
    try {
      String current = Files.readString(hba);
      String without = current.replace(FENCE_LINE, "");
      Files.writeString(hba, fenced ? FENCE_LINE + without : without);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot change " + hba, e);
    }
    sql(superuser, "postgres", "SELECT pg_reload_conf()");
    if (fenced) {
      // The reload is asynchronous, so a session may still get in meanwhile: end TCP sessions until none has
      // been seen for five rounds. The statistics snapshot is cleared each round, or one transaction sees one.
      sql(superuser, "postgres", "DO $$ DECLARE quiet int := 0; BEGIN FOR i IN 1..1000 LOOP"
          + " PERFORM pg_stat_clear_snapshot();"
          + " PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE client_addr IS NOT NULL"
          + " AND backend_type = 'client backend';"
          + " IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE client_addr IS NOT NULL AND backend_type = 'client backend')"
          + " THEN quiet := 0; ELSE quiet := quiet + 1; END IF;"
          + " EXIT WHEN quiet >= 5; PERFORM pg_sleep(0.01); END LOOP; END $$");
    }
  }

  private static final String FENCE_LINE = "host all all all reject # local Aurora: writes blocked\n";

  /** A copy of this (stopped) cluster's directory, or of a backup, as a new cluster at {@code target}. */
  public static LocalPostgresCluster copyOf(PostgresInstallation installation, Path source, Path target) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      copyTree(source, target);
      installation.ownDirectory(target);
      Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      return at(installation, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
    }
  }

  /** What pg_upgrade said: whether it passed, and its output (with the report files it names, when it refused). */
  public record UpgradeOutcome(boolean ok, String output) {}

  /**
   * Runs the real pg_upgrade from this (stopped) cluster into a new cluster of {@code newMajor} at
   * {@code newDataDir}, initialised here with the same bootstrap superuser, as Aurora's major upgrade does.
   * With {@code checkOnly}, only {@code pg_upgrade --check}. Returns pg_upgrade's verdict; the new
   * cluster exists (and is upgraded) only when a full run passed.
   */
  public UpgradeOutcome upgrade(int newMajor, Path newDataDir, String superuser, boolean checkOnly) {
    if (Files.exists(dataDir.resolve("backup_label"))) {
      // A restored backup that never ran needs its recovery first, or pg_upgrade finds it not shut down cleanly.
      start(freePort());
    }
    stop();
    Path workDir = newDataDir.toAbsolutePath().getParent().resolve(newDataDir.getFileName() + "-pg_upgrade");
    try {
      if (!Files.isDirectory(newDataDir)) {
        initialise(installation, newMajor, newDataDir, superuser, "initial-password-replaced-by-the-upgrade");
      }
      Files.createDirectories(workDir);
      installation.ownDirectory(workDir);
      List<String> args = new ArrayList<>(List.of(
          "-b", installation.bin(major).toString(), "-B", installation.bin(newMajor).toString(),
          "-d", dataDir.toString(), "-D", newDataDir.toString(), "-U", superuser,
          "-p", "0", "-P", "0", "--socketdir", workDir.toString(), "--link", "--no-sync"));
      args.set(args.indexOf("-p") + 1, Integer.toString(freePort()));
      args.set(args.indexOf("-P") + 1, Integer.toString(freePort()));
      if (checkOnly) {
        args.add("--check");
      }
      PostgresInstallation.Result result = installation.run(newMajor, "pg_upgrade", args, workDir);
      String output = result.output();
      if (!result.ok()) {
        output += reports(workDir, newDataDir);
      }
      return new UpgradeOutcome(result.ok(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare pg_upgrade into " + newDataDir, e);
    }
  }

  private void configure() {
    try {
      Files.writeString(dataDir.resolve("postgresql.conf"),
          "\n# local Aurora data plane\n" + String.join("\n", SETTINGS) + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot configure " + dataDir, e);
    }
  }

  private Path logFile() {
    return dataDir.toAbsolutePath().getParent().resolve(dataDir.getFileName() + ".log");
  }

  /** pg_upgrade names the files that list what it refused; their content is the useful part. */
  private static String reports(Path... dirs) {
    StringBuilder out = new StringBuilder();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var files = Files.walk(dir, 4)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (Files.isRegularFile(f) && name.endsWith(".txt") || name.endsWith(".log") && name.startsWith("pg_upgrade")) {
            if (Files.isRegularFile(f) && Files.size(f) < 200_000) {
              out.append("\n--- ").append(name).append('\n').append(Files.readString(f));
            }
          }
        }
      } catch (IOException e) {
        out.append("\n(cannot read pg_upgrade's reports in ").append(dir).append(": ").append(e.getMessage()).append(')');
      }
    }
    return out.toString();
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (var paths = Files.walk(source)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (Files.isRegularFile(p)) {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the server will refuse to start and say why
    }
  }

  /** A loopback port nothing listens on now. */
  public static int freePort() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL " + major + " at " + dataDir;
  }
}
