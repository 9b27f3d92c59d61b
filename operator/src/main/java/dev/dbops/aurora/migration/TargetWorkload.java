package dev.dbops.aurora.migration;

import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.TargetWorkloadStatus;
import dev.dbops.aurora.model.migration.TopStatement;
import dev.dbops.aurora.postgres.AppStatement;
import dev.dbops.aurora.postgres.PostgresException;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.StatementChecks;
import dev.dbops.aurora.postgres.WorkloadFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a completed migration, what the applications now run on the target: its top statements by time and
 * the read/write split of calls, from pg_stat_statements, refreshed at most hourly on the resyncs of the
 * finished resource, beside the cost figures.
 */
final class TargetWorkload {
  static final Duration REFRESH = Duration.ofHours(1);
  static final int TOP = 5;
  private static final Logger LOG = LoggerFactory.getLogger(TargetWorkload.class);

  private TargetWorkload() {}

  static void refresh(MigrationContext ctx) {
    AuroraMigrationStatus status = ctx.status();
    if (status.getPhase() != MigrationPhase.Completed || ctx.statementChecks().isEmpty()
        || !StatementCheckStep.enabled(ctx) || !due(status.getTargetWorkload(), ctx.now())) {
      return;
    }
    try {
      status.setTargetWorkload(read(ctx.statementChecks().get(), ctx.targetDatabase(), ctx.databases(), ctx.now()));
    } catch (PostgresException | IllegalStateException e) {
      // A finished migration stays finished; the figures are retried on the next resync.
      LOG.warn("migration {}/{}: target workload not refreshed: {}", ctx.migration().getMetadata().getNamespace(),
          ctx.migration().getMetadata().getName(), e.getMessage());
    }
  }

  private static boolean due(TargetWorkloadStatus last, Instant now) {
    return last == null || last.getRefreshedAt() == null
        || !Instant.parse(last.getRefreshedAt()).plus(REFRESH).isAfter(now);
  }

  private static TargetWorkloadStatus read(StatementChecks checks, PostgresServer target, List<String> databases, Instant now) {
    long reads = 0;
    long writes = 0;
    List<AppStatement> top = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String database : databases) {
      WorkloadFigures figures = checks.workload(target, database, TOP);
      reads += figures.readCalls();
      writes += figures.writeCalls();
      top.addAll(figures.top());
      figures.warning().ifPresent(warnings::add);
    }
    TargetWorkloadStatus status = new TargetWorkloadStatus();
    status.setReadCalls(reads);
    status.setWriteCalls(writes);
    status.setTop(top.stream().sorted(Comparator.comparingDouble(AppStatement::totalMillis).reversed()).limit(TOP)
        .map(TargetWorkload::toStatus).toList());
    status.setWarning(warnings.isEmpty() ? null : String.join("; ", warnings));
    status.setRefreshedAt(now.toString());
    return status;
  }

  private static TopStatement toStatus(AppStatement s) {
    TopStatement t = new TopStatement();
    t.setQueryId(s.queryId());
    t.setDatabase(s.database());
    t.setCalls(s.calls());
    t.setTotalMillis(Math.round(s.totalMillis() * 10) / 10.0);
    String text = s.text().replaceAll("\\s+", " ").trim();
    t.setStatement(text.length() <= 200 ? text : text.substring(0, 199) + "…");
    return t;
  }
}
