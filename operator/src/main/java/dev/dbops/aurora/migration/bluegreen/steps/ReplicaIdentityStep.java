package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.migration.BlueGreenSql;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.postgres.ReplicaIdentityFull;
import java.util.List;
import java.util.Optional;

/**
 * REPLICA IDENTITY FULL on exactly the tables spec.blueGreen.replicaIdentityFull lists (tables without a primary key
 * whose UPDATE and DELETE would fail once replication publishes them), on blue before the deployment copies it to
 * green. Never on any other table: preflight blocks on those instead.
 */
public final class ReplicaIdentityStep implements MigrationStep {
  public static final String NAME = "ReplicaIdentity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    List<String> tables = ctx.spec().blueGreenOrDefault().getReplicaIdentityFull();
    if (tables == null || tables.isEmpty()) {
      return StepResult.skipped("no table listed in spec.blueGreen.replicaIdentityFull");
    }
    Optional<BlueGreenSql> sql = ctx.blueGreenSql();
    if (sql.isEmpty()) {
      return StepResult.failed("NoSqlAccess", "the operator cannot reach the databases to set REPLICA IDENTITY FULL");
    }
    ReplicaIdentityFull.Result result = sql.get().replicaIdentity().apply(ctx.sourceDatabase(), tables);
    if (!result.missing().isEmpty()) {
      return StepResult.failed("TableNotFound", "spec.blueGreen.replicaIdentityFull names table(s) the source does not"
          + " have: " + String.join(", ", result.missing()) + " (database.schema.table)");
    }
    ctx.status().blueGreen().setReplicaIdentityFullTables(List.copyOf(tables));
    return StepResult.done("REPLICA IDENTITY FULL on " + String.join(", ", tables) + " (" + result.set().size()
        + " set now, " + result.alreadyFull().size() + " already)");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    List<String> tables = ctx.spec().blueGreenOrDefault().getReplicaIdentityFull();
    return tables == null || tables.isEmpty() ? List.of()
        : List.of("sql (source): ALTER TABLE … REPLICA IDENTITY FULL on " + String.join(", ", tables) + " (spec.blueGreen.replicaIdentityFull)");
  }
}
