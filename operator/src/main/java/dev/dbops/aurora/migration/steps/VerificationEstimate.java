package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.postgres.PostgresException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The dry-run plan's estimate of how long Verify keeps the source read-only: the source's table data
 * (pg_relation_size of every compared table) read at the configured rate per worker by every worker at
 * once. Both sides are read at the same time, so the source's size is what counts. It assumes the servers
 * have a vCPU per worker and that large tables split evenly; a database of one huge table without a
 * primary key is read by one worker and takes longer.
 */
final class VerificationEstimate {
  static final int DEFAULT_MIB_PER_SECOND_PER_WORKER = 50;

  private VerificationEstimate() {}

  static String line(MigrationContext ctx, VerificationSpec spec, int workers) {
    Set<String> excluded = spec.getExcludeTables() == null ? Set.of() : new HashSet<>(spec.getExcludeTables());
    int rate = spec.getExpectedMiBPerSecondPerWorker() == null
        ? DEFAULT_MIB_PER_SECOND_PER_WORKER : spec.getExpectedMiBPerSecondPerWorker();
    long bytes;
    try {
      bytes = ctx.comparison().bytesToCompare(ctx.sourceDatabase(), ctx.databases(), excluded);
    } catch (PostgresException e) {
      return "expected verification time unknown: " + e.getMessage();
    }
    Duration expected = expected(bytes, rate, workers);
    return String.format(Locale.ROOT,
        "expected verification time about %s: %.1f GiB of tables at %d MiB/s per worker × %d worker(s)%s",
        HumanDuration.format(expected), bytes / (double) (1L << 30), rate, workers,
        spec.isChecksums() ? "" : " (an upper bound: counts alone read faster than checksums)");
  }

  static Duration expected(long bytes, int mibPerSecondPerWorker, int workers) {
    double seconds = bytes / (mibPerSecondPerWorker * 1048576.0 * workers);
    return Duration.ofSeconds((long) Math.ceil(seconds));
  }
}
