package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import java.util.List;
import java.util.Optional;

/**
 * After a major upgrade the planner statistics are gone and extensions still run their old versions
 * (Aurora User Guide, post-upgrade steps): ANALYZE every database and update extensions. Runs as a
 * background SQL task because ANALYZE of a large database takes a while.
 */
public final class PostUpgradeStep implements MigrationStep {
  public static final String NAME = "PostUpgrade";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    List<String> databases = ctx.databases();
    Optional<List<String>> done =
        ctx.sqlTasks().poll(ctx.taskKey(NAME), () -> ctx.targetDatabase().runPostUpgradeTasks(databases));
    if (done.isEmpty()) {
      return StepResult.waiting("running ANALYZE and extension updates on the target", ctx.timings().sqlPoll());
    }
    return StepResult.done(done.get().isEmpty() ? "nothing to do" : String.join("; ", done.get()));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "sql (target): ANALYZE in each database",
        "sql (target): ALTER EXTENSION … UPDATE for every extension with a newer version");
  }
}
