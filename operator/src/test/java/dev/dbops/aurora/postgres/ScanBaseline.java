package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's baseline: the same pieces the comparison would read (same tables, same key ranges, both
 * sides at once, the same number of workers per side), each read by a bare aggregate such as the server's
 * cheapest full-content hash, {@code sum(hashtext(t::text))}. Only the SQL differs from the comparison.
 */
public final class ScanBaseline {
  /** The cheapest hash of every row's full content the server offers. */
  public static final String HASHTEXT = "sum(hashtext(t::text))";
  /** What verification computed before issue 12: md5 per row, a 64-bit slice summed as numeric. */
  public static final String MD5_SLICE = "sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric)";

  private ScanBaseline() {}

  /** Wall seconds to read every piece of {@code database} on both servers with {@code aggregate}. */
  public static double seconds(PostgresServer source, PostgresServer target, String database, int workers,
      long splitBytes, String aggregate) throws Exception {
    List<ComparisonPlan.Job> jobs;
    try (Connection c = source.connect(database)) {
      List<ComparisonPlan.Table> tables = ComparisonPlan.userTables(c);
      jobs = ComparisonPlan.jobs(c, tables, ComparisonPlan.names(tables), workers, splitBytes);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2 * workers);
    try {
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (PostgresServer side : List.of(source, target)) {
        var queue = new ConcurrentLinkedQueue<>(jobs);
        for (int i = 0; i < workers; i++) {
          running.add(pool.submit(() -> {
            try (Connection c = side.connect(database); Statement s = c.createStatement()) {
              s.execute("SET extra_float_digits = 0");
              for (var job = queue.poll(); job != null; job = queue.poll()) {
                boolean range = job.range() != KeyRanges.Range.WHOLE_TABLE;
                s.execute("SET enable_seqscan = " + (range ? "off" : "on"));
                try (var p = c.prepareStatement("SELECT " + aggregate + " FROM ONLY " + job.table().quoted()
                    + " AS t WHERE " + job.range().condition())) {
                  for (int v = 0; v < job.range().values().size(); v++) {
                    p.setString(v + 1, job.range().values().get(v));
                  }
                  p.executeQuery().close();
                }
              }
            }
            return null;
          }));
        }
      }
      for (Future<?> f : running) {
        f.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bytes of user tables in {@code database}, as the comparison reads them on one side. */
  public static long bytes(PostgresServer server, String database) throws SQLException {
    try (Connection c = server.connect(database)) {
      return ComparisonPlan.userTables(c).stream().mapToLong(ComparisonPlan.Table::bytes).sum();
    }
  }
}
