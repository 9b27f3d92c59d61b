package dev.dbops.aurora.bench;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.JdbcPostgresServer;
import dev.dbops.aurora.postgres.PostgresEndpoint;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.ScanBaseline;
import dev.dbops.aurora.postgres.TableComparison;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verification throughput against the servers' own cheapest full-content hash of the same rows.
 * A generated database (one large table, wide tables, narrow tables) on a real PostgreSQL 13 (source)
 * and 15 (target); for 1, 2 and 4 workers, the comparison with checksums and, in the same run, the
 * baseline reading the same pieces on both sides at once with {@code sum(hashtext(t::text))}; at one
 * worker also the md5 checksum verification used before. Parallel query is off in the database, so a
 * worker is one backend per side in both.
 */
public final class VerifyBenchmark {
  private static final String DB = "bench";
  private static final String PASSWORD = "bench-password";

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
    int[] workers = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 2, 4};
    int repeats = megabytes <= 256 ? 3 : 1;
    PostgresInstallation pg = PostgresInstallation.local();
    Path root = Files.createTempDirectory("verify-bench");
    List<LocalPostgresCluster> clusters = new ArrayList<>();
    try {
      PostgresServer source = start(pg, 13, root, clusters);
      PostgresServer target = start(pg, 15, root, clusters);
      long load = System.nanoTime();
      for (PostgresServer side : List.of(source, target)) {
        generate(side, megabytes);
      }
      long bytes = ScanBaseline.bytes(source, DB);
      long both = bytes + ScanBaseline.bytes(target, DB);
      // Large enough that the small tables stay whole, small enough that the large one splits at any size.
      long splitBytes = Math.max(8L << 20, bytes / 16);
      System.out.printf(Locale.ROOT, "generated %.0f MiB of tables per side (13 → 15) in %.0f s; %d cores; split from %d MiB%n",
          bytes / 1048576.0, (System.nanoTime() - load) / 1e9, Runtime.getRuntime().availableProcessors(), splitBytes >> 20);
      ScanBaseline.seconds(source, target, DB, 1, splitBytes, ScanBaseline.HASHTEXT); // warms the page cache
      JdbcDataComparison comparison = new JdbcDataComparison(splitBytes);
      List<String[]> rows = new ArrayList<>();
      double firstVerify = 0;
      System.out.println();
      System.out.println("workers  verify s  verify MiB/s/worker  hashtext s  hashtext MiB/s/worker  verify/hashtext  verify speed-up  md5 (before) s");
      for (int w : workers) {
        double base = Double.MAX_VALUE;
        double verify = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
          base = Math.min(base, ScanBaseline.seconds(source, target, DB, w, splitBytes, ScanBaseline.HASHTEXT));
          verify = Math.min(verify, timeVerification(comparison, source, target, w));
        }
        double md5 = w == 1 ? ScanBaseline.seconds(source, target, DB, 1, splitBytes, ScanBaseline.MD5_SLICE) : Double.NaN;
        firstVerify = firstVerify == 0 ? verify : firstVerify;
        double verifyRate = both / 1048576.0 / verify / w;
        double baseRate = both / 1048576.0 / base / w;
        String[] row = {
          String.valueOf(w), f(verify), f(verifyRate), f(base), f(baseRate), pct(base / verify),
          f(firstVerify / verify) + "x", Double.isNaN(md5) ? "-" : f(md5)};
        rows.add(row);
        System.out.printf(Locale.ROOT, "%7s  %8s  %19s  %10s  %21s  %15s  %15s  %14s%n", (Object[]) row);
      }
      System.out.println("\ngoal: verify/hashtext >= 70% per worker; speed-up grows with workers up to the cores"
          + " (both servers share this machine's " + Runtime.getRuntime().availableProcessors() + " cores)");
      writeCsv(megabytes, bytes, rows);
    } finally {
      clusters.forEach(LocalPostgresCluster::stop);
      deleteTree(root);
    }
  }

  private static double timeVerification(JdbcDataComparison comparison, PostgresServer source, PostgresServer target,
      int workers) {
    long start = System.nanoTime();
    List<TableComparison> result = comparison.compare(source, target, List.of(DB), true, workers, Set.of());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!result.stream().allMatch(TableComparison::matches)) {
      throw new IllegalStateException("identical databases compared as different: " + result);
    }
    return seconds;
  }

  private static PostgresServer start(PostgresInstallation pg, int major, Path root, List<LocalPostgresCluster> started)
      throws Exception {
    LocalPostgresCluster cluster = LocalPostgresCluster.initialise(pg, major, root.resolve("pg" + major), "postgres", PASSWORD);
    int port = LocalPostgresCluster.freePort();
    cluster.start(port);
    started.add(cluster);
    JdbcPostgresServer server = new JdbcPostgresServer(
        new PostgresEndpoint("127.0.0.1", port, "postgres", SecretValue.of(PASSWORD), "disable"), "postgres")
        .withSocketTimeout(Duration.ofHours(2));
    try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DB);
      s.execute("ALTER DATABASE " + DB + " SET max_parallel_workers_per_gather = 0");
    }
    return server;
  }

  /**
   * About {@code megabytes} of heap: 60 % one large keyed table, 25 % four wide tables (20 columns),
   * 15 % twenty narrow tables. The same rows on every server (no random()).
   */
  private static void generate(PostgresServer server, int megabytes) throws Exception {
    long big = megabytes * 1048576L * 60 / 100 / 100;
    long wide = megabytes * 1048576L * 25 / 100 / 4 / 330;
    long narrow = megabytes * 1048576L * 15 / 100 / 20 / 36;
    try (Connection c = server.connect(DB); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id bigint PRIMARY KEY, account int, amount numeric(12,2), created timestamptz,"
          + " note text)");
      s.execute("INSERT INTO big SELECT g, g % 9973, (g % 100000) / 100.0, timestamptz '2024-01-01' + g * interval '1 s',"
          + " 'order ' || g || ' shipped' FROM generate_series(1, " + big + ") g");
      for (int i = 0; i < 4; i++) {
        StringBuilder columns = new StringBuilder("id int PRIMARY KEY");
        StringBuilder values = new StringBuilder("g");
        for (int col = 0; col < 19; col++) {
          columns.append(col % 3 == 0 ? ", c" + col + " text" : col % 3 == 1 ? ", c" + col + " bigint" : ", c" + col + " timestamp");
          values.append(col % 3 == 0 ? ", repeat(chr(97 + (g + " + col + ") % 26), 30)"
              : col % 3 == 1 ? ", g::bigint * " + (col + 7) : ", timestamp '2020-01-01' + (g + " + col + ") * interval '1 min'");
        }
        s.execute("CREATE TABLE wide_" + i + " (" + columns + ")");
        s.execute("INSERT INTO wide_" + i + " SELECT " + values + " FROM generate_series(1, " + wide + ") g");
      }
      for (int i = 0; i < 20; i++) {
        s.execute("CREATE TABLE narrow_" + i + " (id int PRIMARY KEY, v int)");
        s.execute("INSERT INTO narrow_" + i + " SELECT g, g * " + (i + 3) + " FROM generate_series(1, " + narrow + ") g");
      }
      s.execute("VACUUM ANALYZE");
    }
  }

  private static void writeCsv(int megabytes, long bytes, List<String[]> rows) throws Exception {
    Path dir = Path.of(System.getProperty("bench.results", "../bench/results"));
    Files.createDirectories(dir);
    String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    Path file = dir.resolve("verify-" + megabytes + "mb-" + date + ".csv");
    StringBuilder csv = new StringBuilder(
        "date,cores,size_mib_per_side,workers,verify_s,verify_mib_s_per_worker,hashtext_s,hashtext_mib_s_per_worker,"
            + "verify_over_hashtext,verify_speedup,md5_before_s\n");
    for (String[] row : rows) {
      csv.append(date).append(',').append(Runtime.getRuntime().availableProcessors()).append(',')
          .append(bytes >> 20).append(',').append(String.join(",", row).replace("%", "").replace("x", "")).append('\n');
    }
    Files.writeString(file, csv);
    System.out.println("wrote " + file.normalize());
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }
}
