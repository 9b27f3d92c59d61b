package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.migration.BlueGreenSql;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.postgres.CarriedSequence;
import java.util.List;
import java.util.Optional;

/**
 * Logical replication does not carry sequences: right before switchover every green sequence is moved past what
 * blue handed out, with headroom for what blue hands out until the switchover blocks writes
 * (JdbcSequenceCarryOver's margin). Never moves a sequence backwards, so running it again is harmless.
 */
public final class SequenceSyncStep implements MigrationStep {
  public static final String NAME = "SequenceSync";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    Optional<BlueGreenSql> sql = ctx.blueGreenSql();
    if (sql.isEmpty()) {
      return StepResult.failed("NoSqlAccess", "the operator cannot reach the databases, so it cannot carry sequences to green");
    }
    List<CarriedSequence> carried = sql.get().sequences().carry(ctx.sourceDatabase(), ctx.targetDatabase(), ctx.databases());
    List<CarriedSequence> drift = carried.stream().filter(c -> c.outcome() == CarriedSequence.Outcome.MISSING_ON_GREEN
        || c.outcome() == CarriedSequence.Outcome.DIRECTION_DIFFERS).toList();
    if (!drift.isEmpty()) {
      return StepResult.held("SequenceDrift", "sequences differ between blue and green: "
          + String.join(", ", drift.stream().map(c -> c.sequence() + " " + c.outcome()).toList())
          + "; make green's schema match blue's, or roll back (spec.rollback.requested: true)");
    }
    long moved = carried.stream().filter(c -> c.outcome() == CarriedSequence.Outcome.MOVED).count();
    ctx.status().blueGreen().setSequencesCarried(carried.size());
    return StepResult.done(carried.size() + " sequence(s) on green ahead of blue (" + moved + " moved)");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of("sql (blue, then green): setval each green sequence past blue's last value plus headroom (never backwards)");
  }
}
