package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.model.migration.PlanRegression;
import dev.dbops.aurora.model.migration.StatementCheckSpec;
import dev.dbops.aurora.model.migration.StatementCheckStatus;
import dev.dbops.aurora.model.migration.StatementFailure;
import dev.dbops.aurora.postgres.StatementOutcome;
import dev.dbops.aurora.postgres.StatementOutcome.Verdict;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcomes of one statement check, judged against the spec: which failures block cutover (those not
 * in allowFailures) and which plans grew beyond planCostRatio; and their short form for status.
 */
record StatementCheckReport(List<StatementOutcome> outcomes, List<String> warnings) {
  static final int SHOWN_IN_STATUS = 10;
  static final int STATEMENT_CHARS = 200;

  List<StatementOutcome> failures() {
    return outcomes.stream().filter(o -> o.verdict() == Verdict.FAILED).toList();
  }

  List<StatementOutcome> blocking(StatementCheckSpec spec) {
    Set<String> allowed = spec.getAllowFailures() == null ? Set.of() : new HashSet<>(spec.getAllowFailures());
    return failures().stream().filter(o -> !allowed.contains(o.statement().id())).toList();
  }

  List<StatementOutcome> regressions(StatementCheckSpec spec) {
    return outcomes.stream()
        .filter(o -> o.verdict() == Verdict.PREPARED && o.planCostGrewBeyond(spec.planCostRatioOrDefault()))
        .toList();
  }

  List<StatementOutcome> resultMismatches() {
    return outcomes.stream().filter(o -> o.results().isPresent() && o.results().get().mismatch()).toList();
  }

  List<StatementOutcome> resultsNotCompared() {
    return outcomes.stream().filter(o -> o.results().isPresent() && !o.results().get().compared()).toList();
  }

  long count(Verdict verdict) {
    return outcomes.stream().filter(o -> o.verdict() == verdict).count();
  }

  StatementCheckStatus toStatus(StatementCheckSpec spec, Instant now) {
    Set<String> blocking = new HashSet<>(blocking(spec).stream().map(o -> o.statement().id()).toList());
    List<StatementOutcome> regressions = regressions(spec);
    StatementCheckStatus status = new StatementCheckStatus();
    int supplied = (int) outcomes.stream().filter(o -> o.statement().isSupplied()).count();
    status.setCollected(outcomes.size() - supplied);
    status.setSupplied(supplied);
    status.setChecked((int) (count(Verdict.PREPARED) + count(Verdict.FAILED)));
    status.setFailed((int) count(Verdict.FAILED));
    status.setAllowed((int) count(Verdict.FAILED) - blocking.size());
    status.setNotCheckable((int) count(Verdict.NOT_CHECKABLE));
    status.setPlanRegressions(regressions.size());
    if (spec.resultTimeout().isPresent()) {
      status.setResultsCompared((int) outcomes.stream().filter(o -> o.results().isPresent() && o.results().get().compared()).count());
      status.setResultMismatches(resultMismatches().size());
      status.setResultsNotCompared(resultsNotCompared().size());
    }
    status.setWarnings(new java.util.ArrayList<>(warnings));
    // Blocking failures first: they are what a reader of status must act on.
    status.setFailures(failures().stream()
        .sorted(java.util.Comparator.comparing(o -> !blocking.contains(o.statement().id())))
        .limit(SHOWN_IN_STATUS)
        .map(o -> failure(o, !blocking.contains(o.statement().id())))
        .toList());
    status.setRegressions(regressions.stream().limit(SHOWN_IN_STATUS).map(StatementCheckReport::regression).toList());
    status.setFinishedAt(now.toString());
    return status;
  }

  /** One line per blocking failure, for the held message. */
  static String describe(StatementOutcome o) {
    return o.statement().label() + " in " + o.statement().database() + " (SQLSTATE " + o.sqlState()
        + ": " + o.message() + ")";
  }

  static String describeRegression(StatementOutcome o) {
    return o.statement().label() + " " + o.sourcePlan().orElseThrow().nodeType() + " cost "
        + o.sourcePlan().orElseThrow().totalCost() + " → " + o.targetPlan().orElseThrow().nodeType() + " cost "
        + o.targetPlan().orElseThrow().totalCost();
  }

  private static StatementFailure failure(StatementOutcome o, boolean allowed) {
    StatementFailure f = new StatementFailure();
    f.setQueryId(o.statement().queryId());
    f.setOrigin(o.statement().origin());
    f.setDatabase(o.statement().database());
    f.setSqlState(o.sqlState());
    f.setMessage(o.message());
    f.setStatement(cut(o.statement().text()));
    f.setAllowed(allowed);
    return f;
  }

  private static PlanRegression regression(StatementOutcome o) {
    PlanRegression r = new PlanRegression();
    r.setQueryId(o.statement().queryId());
    r.setOrigin(o.statement().origin());
    r.setDatabase(o.statement().database());
    r.setSourceNode(o.sourcePlan().orElseThrow().nodeType());
    r.setSourceCost(o.sourcePlan().orElseThrow().totalCost());
    r.setTargetNode(o.targetPlan().orElseThrow().nodeType());
    r.setTargetCost(o.targetPlan().orElseThrow().totalCost());
    r.setStatement(cut(o.statement().text()));
    return r;
  }

  static String cut(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= STATEMENT_CHARS ? oneLine : oneLine.substring(0, STATEMENT_CHARS - 1) + "…";
  }
}
