package dev.dbops.aurora.postgres;

import dev.dbops.aurora.postgres.ComparisonPlan.Job;
import dev.dbops.aurora.postgres.ComparisonPlan.Table;
import dev.dbops.aurora.postgres.RowChecksum.Figures;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares user tables. Each of {@code parallelism} workers holds one connection per side and takes
 * pieces (a table, or a primary-key range of a large one: {@link ComparisonPlan}) from a shared queue,
 * reading each piece on the source and the target at the same time, so the comparison takes about as
 * long as the slower side's scan, and a database of thousands of tables costs 2 × parallelism
 * connections. Figures ({@link RowChecksum}) are computed by the servers; a table's are the sums of its
 * pieces'.
 */
public final class JdbcDataComparison implements DataComparison {

  /** Tables from this size up are split into key ranges (when there is more than one worker). */
  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  /**
   * Pins every setting that changes how values print, so both versions produce the same row text.
   * extra_float_digits = 0 matters most: 12+ print floats shortest-exact when it is above 0, while
   * 11 prints 17 digits; at 0 both print the same 15 significant digits.
   */
  private static final List<String> STABLE_TEXT_SETTINGS =
      List.of(
          "SET extra_float_digits = 0",
          "SET DateStyle = 'ISO, MDY'",
          "SET IntervalStyle = 'postgres'",
          "SET TimeZone = 'UTC'",
          "SET bytea_output = 'hex'",
          "SET search_path = pg_catalog");

  private final long splitBytes;

  public JdbcDataComparison() {
    this(DEFAULT_SPLIT_BYTES);
  }

  /** @param splitBytes tables from this size up are read as key ranges; tests and benchmarks lower it */
  public JdbcDataComparison(long splitBytes) {
    this.splitBytes = splitBytes;
  }

  @Override
  public List<TableComparison> compare(
      PostgresServer source,
      PostgresServer target,
      List<String> databases,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables) {
    return compare(source, target, databases, checksums, parallelism, excludedTables, new ComparisonProgress());
  }

  @Override
  public List<TableComparison> compare(
      PostgresServer source,
      PostgresServer target,
      List<String> databases,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables,
      ComparisonProgress progress) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    // Workers run the source's half of a piece; the target's half runs beside it on this second pool.
    ExecutorService workers = daemonPool(parallelism, "data-comparison");
    ExecutorService targetSide = daemonPool(parallelism, "data-comparison-target");
    List<TableComparison> results = new ArrayList<>();
    try {
      for (String database : databases) {
        results.addAll(compareDatabase(workers, targetSide, source, target, database, checksums, parallelism,
            excludedTables, progress));
      }
    } finally {
      workers.shutdownNow();
      targetSide.shutdownNow();
    }
    results.sort(Comparator.comparing(TableComparison::database).thenComparing(TableComparison::table));
    return results;
  }

  @Override
  public long bytesToCompare(PostgresServer source, List<String> databases, Set<String> excludedTables) {
    long bytes = 0;
    for (String database : databases) {
      try (Connection c = source.connect(database)) {
        for (Table table : ComparisonPlan.userTables(c)) {
          bytes += excludedTables.contains(table.qualified()) ? 0 : table.bytes();
        }
      } catch (SQLException e) {
        throw PostgresException.of("cannot list tables in database " + database, e);
      }
    }
    return bytes;
  }

  private List<TableComparison> compareDatabase(
      ExecutorService workers,
      ExecutorService targetSide,
      PostgresServer source,
      PostgresServer target,
      String database,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables,
      ComparisonProgress progress) {
    List<Table> tables;
    List<Job> jobs;
    // Prepared like the workers' connections, so key types and boundaries print as the workers read them.
    try (Connection sourceConnection = prepared(source.connect(database))) {
      tables = ComparisonPlan.userTables(sourceConnection).stream()
          .filter(t -> !excludedTables.contains(t.qualified()))
          .toList();
      // A database absent on the target is not an error of the comparison: its tables are all missing.
      Set<String> onTarget = Set.of();
      if (!tables.isEmpty() && target.databases().contains(database)) {
        try (Connection targetConnection = target.connect(database)) {
          onTarget = ComparisonPlan.names(ComparisonPlan.userTables(targetConnection));
        }
      }
      jobs = ComparisonPlan.jobs(sourceConnection, tables, onTarget, parallelism, splitBytes);
    } catch (SQLException e) {
      throw PostgresException.of("cannot plan the comparison of database " + database, e);
    }
    progress.planned(tables.size());
    Map<Table, TableTotals> totals = new LinkedHashMap<>();
    jobs.forEach(job -> totals.computeIfAbsent(job.table(), t -> new TableTotals(job.onTarget())).piecesLeft++);
    boolean anyOnTarget = jobs.stream().anyMatch(Job::onTarget);
    var queue = new ConcurrentLinkedQueue<>(jobs);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < Math.min(parallelism, jobs.size()); i++) {
      running.add(workers.submit(() -> {
        try (Connection sourceConnection = prepared(source.connect(database));
            Connection targetConnection = anyOnTarget ? prepared(target.connect(database)) : null) {
          var sourceScans = new ScanSettings(sourceConnection);
          var targetScans = targetConnection == null ? null : new ScanSettings(targetConnection);
          for (Job job = queue.poll(); job != null; job = queue.poll()) {
            Figures[] sides = readBothSides(targetSide, sourceScans, job.onTarget() ? targetScans : null, job, checksums);
            TableTotals table = totals.get(job.table());
            if (table.add(sides[0], sides[1])) {
              progress.tableDone();
            }
          }
        } catch (SQLException e) {
          throw PostgresException.of("comparison failed in database " + database, e);
        }
        return null;
      }));
    }
    awaitAll(running, database);
    List<TableComparison> found = new ArrayList<>();
    totals.forEach((table, t) -> found.add(t.result(database, table.qualified(), checksums)));
    return found;
  }

  /** Source figures and target figures (null when the table is missing there), read at the same time. */
  private static Figures[] readBothSides(
      ExecutorService targetSide, ScanSettings source, ScanSettings target, Job job, boolean checksums)
      throws SQLException {
    Future<Figures> targetFigures = target == null ? null : targetSide.submit(scan(target, job, checksums));
    Figures sourceFigures;
    try {
      sourceFigures = scan(source, job, checksums).call();
    } catch (SQLException | RuntimeException e) {
      if (targetFigures != null) {
        targetFigures.cancel(true);
      }
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (targetFigures == null) {
      return new Figures[] {sourceFigures, null};
    }
    try {
      return new Figures[] {sourceFigures, targetFigures.get()};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PostgresException(null, "comparison interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Callable<Figures> scan(ScanSettings side, Job job, boolean checksums) {
    return () -> {
      side.forRange(job.range() != KeyRanges.Range.WHOLE_TABLE);
      return RowChecksum.read(side.connection, job.table().quoted(), job.range(), checksums);
    };
  }

  /**
   * A key range must be read through the primary key's index: a sequential scan per range would read
   * the whole table once per range. A whole table must be read sequentially, never through a full index
   * scan. The planner may judge a wide range cheaper by a sequential scan, so that is switched off for
   * ranges only.
   */
  private static final class ScanSettings {
    final Connection connection;
    private Boolean rangeMode;

    ScanSettings(Connection connection) {
      this.connection = connection;
    }

    void forRange(boolean range) throws SQLException {
      if (rangeMode == null || rangeMode != range) {
        try (Statement s = connection.createStatement()) {
          s.execute("SET enable_seqscan = " + (range ? "off" : "on"));
        }
        rangeMode = range;
      }
    }
  }

  /** A table's figures summed over its pieces; add() is called from several workers. */
  private static final class TableTotals {
    final boolean onTarget;
    int piecesLeft;
    long sourceRows;
    long targetRows;
    BigInteger sourceSum = BigInteger.ZERO;
    BigInteger targetSum = BigInteger.ZERO;

    TableTotals(boolean onTarget) {
      this.onTarget = onTarget;
    }

    /** @return true when this was the table's last piece */
    synchronized boolean add(Figures source, Figures target) {
      sourceRows += source.rows();
      sourceSum = source.checksum() == null ? sourceSum : sourceSum.add(source.checksum());
      if (target != null) {
        targetRows += target.rows();
        targetSum = target.checksum() == null ? targetSum : targetSum.add(target.checksum());
      }
      return --piecesLeft == 0;
    }

    synchronized TableComparison result(String database, String table, boolean checksums) {
      if (!onTarget) {
        return new TableComparison(database, table, sourceRows, TableComparison.MISSING,
            checksums ? sourceSum.toString() : null, null);
      }
      return new TableComparison(database, table, sourceRows, targetRows,
          checksums ? sourceSum.toString() : null, checksums ? targetSum.toString() : null);
    }
  }

  private static void awaitAll(List<Future<?>> running, String database) {
    for (Future<?> worker : running) {
      try {
        worker.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PostgresException(null, "comparison interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new PostgresException(null, "comparison failed in database " + database, e.getCause());
      }
    }
  }

  private static Connection prepared(Connection connection) throws SQLException {
    // Reading a whole large table outlasts the server's short default socket timeout; a checksum
    // must not be cut off by it, nor by a statement_timeout from the cluster's parameter group.
    connection.setNetworkTimeout(Runnable::run, (int) JdbcPostgresServer.LONG_SOCKET_TIMEOUT.toMillis());
    try (Statement s = connection.createStatement()) {
      s.execute("SET statement_timeout = 0");
      for (String setting : STABLE_TEXT_SETTINGS) {
        s.execute(setting);
      }
    }
    return connection;
  }

  private static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }
}
