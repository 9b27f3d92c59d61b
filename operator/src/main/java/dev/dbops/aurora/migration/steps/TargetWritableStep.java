package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.postgres.PostgresServer;
import java.util.List;

/**
 * Makes the restored target writable. The snapshot copies pg_db_role_setting, a catalog shared by the
 * whole cluster, so every database the operator switched read-only on the source starts read-only on the
 * target too; left alone, every write of the apps would fail with SQLSTATE 25006 after cutover, and
 * PostUpgrade could not update extensions. This is the first step that reaches the target by SQL, and it
 * runs before the upgrade so pg_upgrade carries the clean settings along.
 *
 * <p>It removes exactly the settings the operator placed (status.readOnlyWindow.switchedDatabases), and
 * proves it by reading pg_db_role_setting back; a user's own database-wide setting stays.
 */
public final class TargetWritableStep implements MigrationStep {
  public static final String NAME = "TargetWritable";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    List<String> ours = switchedByTheOperator(ctx);
    if (ours.isEmpty()) {
      record(ctx, ours);
      return StepResult.done("the operator switched no database read-only; nothing to remove on the target");
    }
    PostgresServer target = ctx.targetDatabase();
    List<String> stillReadOnly = target.readOnlyDatabases(ours);
    if (!stillReadOnly.isEmpty()) {
      target.setReadOnly(stillReadOnly, false);
      stillReadOnly = target.readOnlyDatabases(ours);
    }
    if (!stillReadOnly.isEmpty()) {
      return StepResult.failed("TargetStillReadOnly",
          "default_transaction_read_only=on is still set on the target for " + String.join(", ", stillReadOnly)
              + " after RESET; apps could not write there");
    }
    record(ctx, ours);
    return StepResult.done("target writable: removed default_transaction_read_only=on (set by the operator on the source) from "
        + String.join(", ", ours) + "; read back from pg_db_role_setting");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "sql (target): SET default_transaction_read_only = off; ALTER DATABASE <each database switched on the source>"
            + " RESET default_transaction_read_only",
        "sql (target): read pg_db_role_setting back: none of those settings may remain");
  }

  /** Migrations recorded before the operator kept this list switched every database. */
  private static List<String> switchedByTheOperator(MigrationContext ctx) {
    ReadOnlyWindowStatus window = ctx.status().getReadOnlyWindow();
    return window == null || window.getSwitchedDatabases() == null ? ctx.databases() : window.getSwitchedDatabases();
  }

  private static void record(MigrationContext ctx, List<String> removed) {
    ctx.status().getTarget().setReadOnlySettingsRemoved(removed);
    ctx.status().getTarget().setWritableVerifiedAt(ctx.now().toString());
  }
}
