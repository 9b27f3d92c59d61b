package dev.dbops.aurora.postgres;

import java.util.Optional;

/**
 * What preparing one statement on source and target found. {@code sqlState} and {@code message} are the
 * target's for a failure and the source's (or the reason) for a statement that is not checkable.
 * {@code results} is there when the results of a parameterless read were compared (or tried to be).
 */
public record StatementOutcome(
    AppStatement statement,
    Verdict verdict,
    String sqlState,
    String message,
    Optional<PlanSummary> sourcePlan,
    Optional<PlanSummary> targetPlan,
    Optional<ResultComparison> results,
    boolean parameterless) {

  public StatementOutcome(AppStatement statement, Verdict verdict, String sqlState, String message,
      Optional<PlanSummary> sourcePlan, Optional<PlanSummary> targetPlan) {
    this(statement, verdict, sqlState, message, sourcePlan, targetPlan, Optional.empty(), false);
  }

  public enum Verdict {
    /** The target prepares it. */
    PREPARED,
    /** The source prepares it and the target refuses it. */
    FAILED,
    /** PREPARE alone cannot judge it: the source refuses it too, or it is not a single plannable statement. */
    NOT_CHECKABLE
  }

  /** True when both plans are known and the target's cost exceeds the source's by more than {@code ratio}. */
  public boolean planCostGrewBeyond(double ratio) {
    if (sourcePlan.isEmpty() || targetPlan.isEmpty()) {
      return false;
    }
    return targetPlan.get().totalCost() > sourcePlan.get().totalCost() * ratio;
  }
}
