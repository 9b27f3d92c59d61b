package dev.dbops.aurora.bench;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.testing.LocalMigrationEnvironment;
import dev.dbops.aurora.testing.SampleSchema;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * A wave of AuroraMigrations started together on the local data plane (moto + real PostgreSQL 13/15 behind
 * each cluster, the in-process API server), against one migration alone in the same run: wall time,
 * whether each completed exactly once (one snapshot, one restore, one cutover per source), and the JVM's
 * heap after GC (operator, local Aurora proxy and API server share the JVM). Run by bench/wave.sh.
 */
public final class WaveBenchmark {
  private static final String NAMESPACE = "wave";
  private static final Set<MigrationPhase> DONE =
      Set.of(MigrationPhase.Completed, MigrationPhase.Failed, MigrationPhase.RolledBack);
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private WaveBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path example = Path.of(args.length > 1 ? args[1] : "../examples/local-demo/migration.yaml");
    Path results = Path.of(args.length > 2 ? args[2] : "../bench/results");
    quietLogs();
    try (LocalMigrationEnvironment env = new LocalMigrationEnvironment()) {
      List<String> wave = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        wave.add("wave" + i);
        addSource(env, "wave" + i + "-v1");
      }
      env.startOperator();
      say("one migration alone (orders-v1)");
      Duration alone = run(env, example, List.of("orders"));
      say("alone: " + alone.toMillis() / 1000.0 + " s; now " + n + " migrations at once");
      Duration together = run(env, example, wave);
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      Map<String, String> outcome = new TreeMap<>();
      int completedOnce = 0;
      for (String name : wave) {
        AuroraMigration m = env.migration(NAMESPACE, name);
        long snapshots = env.aurora.log().stream().filter(l -> l.contains(" of cluster " + name + "-v1 (pg_basebackup"))
            .count();
        long restores = env.aurora.log().stream().filter(l -> l.contains("restored cluster " + name + "-v2 ")).count();
        boolean once = m.getStatus().getPhase() == MigrationPhase.Completed && snapshots == 1 && restores == 1;
        completedOnce += once ? 1 : 0;
        outcome.put(name, m.getStatus().getPhase() + ", snapshots " + snapshots + ", restores " + restores);
      }
      print(n, alone, together, heap, completedOnce, outcome, results);
    }
    System.exit(0);
  }

  /** A Serverless v1 source on PostgreSQL 13 with the sample shop database, as the environment's own. */
  private static void addSource(LocalMigrationEnvironment env, String id) throws Exception {
    env.rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername(LocalMigrationEnvironment.MASTER)
        .masterUserPassword(LocalMigrationEnvironment.MASTER_PASSWORD)
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    try (Connection c = env.aurora.connect(id, "postgres", LocalMigrationEnvironment.MASTER,
        LocalMigrationEnvironment.MASTER_PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + LocalMigrationEnvironment.DATABASE);
    }
    try (Connection c = env.connect(id, LocalMigrationEnvironment.DATABASE)) {
      SampleSchema.load(c);
    }
  }

  /** Applies the example once per name (its "orders" renamed), returns when every one has finished. */
  private static Duration run(LocalMigrationEnvironment env, Path example, List<String> names) throws Exception {
    String yaml = Files.readString(example);
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      Path file = Files.createTempFile("wave-" + name, ".yaml");
      Files.writeString(file, yaml.replace("orders", name));
      files.add(file);
    }
    Instant start = Instant.now();
    for (Path file : files) {
      env.apply(file, NAMESPACE);
    }
    Instant giveUp = start.plus(Duration.ofMinutes(30));
    while (!names.stream().allMatch(name -> finished(env, name))) {
      if (Instant.now().isAfter(giveUp)) {
        throw new IllegalStateException("not finished within 30 minutes");
      }
      Thread.sleep(200);
    }
    Duration took = Duration.between(start, Instant.now());
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
    return took;
  }

  private static boolean finished(LocalMigrationEnvironment env, String name) {
    AuroraMigration m = env.migration(NAMESPACE, name);
    return m != null && m.getStatus() != null && DONE.contains(m.getStatus().getPhase());
  }

  private static void print(int n, Duration alone, Duration together, long heap, int completedOnce,
      Map<String, String> outcome, Path results) throws IOException {
    String stamp = Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "");
    int cores = Runtime.getRuntime().availableProcessors();
    String[][] rows = {
        {"migrations in the wave", String.valueOf(n), "", ""},
        {"completed, each exactly once", completedOnce + " of " + n, "", n + " of " + n},
        {"wall time, wave", seconds(together), seconds(alone) + " (one alone) x " + n + " = "
            + seconds(alone.multipliedBy(n)) + " one after another", "all complete"},
        {"wave / one alone", String.format("%.1fx", together.toMillis() / (double) alone.toMillis()), "1.0x", ""},
        {"JVM heap after GC (operator + local Aurora proxy + API server)", heap / (1024 * 1024) + " MiB", "", ""},
    };
    System.out.printf("%nwave benchmark, %d cores%n%n", cores);
    System.out.println("metric | measured | baseline | goal");
    StringBuilder csv = new StringBuilder("date,cores,n,metric,measured,baseline,goal\n");
    for (String[] r : rows) {
      System.out.println(String.join(" | ", r));
      csv.append(stamp).append(',').append(cores).append(',').append(n);
      for (String cell : r) {
        csv.append(",\"").append(cell.replace('"', '\'')).append('"');
      }
      csv.append('\n');
    }
    outcome.forEach((name, what) -> System.out.println("  " + name + ": " + what));
    Files.createDirectories(results);
    Path file = results.resolve("wave-" + n + "-" + stamp + ".csv");
    Files.writeString(file, csv.toString());
    System.out.println("\nwritten " + file);
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static void quietLogs() {
    ch.qos.logback.classic.Level error = ch.qos.logback.classic.Level.ERROR;
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(error);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fabric8")).setLevel(error);
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private static void say(String line) {
    System.out.println("==> " + line);
  }
}
