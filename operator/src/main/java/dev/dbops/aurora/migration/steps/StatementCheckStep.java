package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.StatementCheckSpec;
import dev.dbops.aurora.model.migration.StatementCheckStatus;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.postgres.AppStatement;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.StatementChecks;
import dev.dbops.aurora.postgres.StatementOutcome;
import dev.dbops.aurora.postgres.StatementSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's own SQL on the upgraded target, before apps move: the source's most used statements
 * (pg_stat_statements) are prepared on the target, where removed functions, operators and types fail with
 * their SQLSTATE, and their generic plans compared. A failure the spec does not accept holds the migration
 * before cutover; plan regressions are reported. Read-only on both sides, so running it again is safe.
 */
public final class StatementCheckStep implements MigrationStep {
  public static final String NAME = "StatementCheck";
  /**
   * Set (to any new value) on the AuroraMigration to run the check again once it has passed and before
   * cutover starts; status.statementCheck.recheck records the value it answered, so each value runs once.
   */
  public static final String RECHECK_ANNOTATION = "aurora.dbops.dev/recheck-statements";
  static final int LISTED_IN_MESSAGE = 5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    StatementCheckSpec spec = spec(ctx);
    if (!spec.isEnabled()) {
      return StepResult.done("skipped: spec.verification.statements.enabled is false");
    }
    Optional<StatementChecks> checks = ctx.statementChecks();
    if (checks.isEmpty()) {
      return StepResult.done("skipped: this operator has no SQL access for statement checks");
    }
    SuppliedStatements supplied = SuppliedStatements.read(ctx, spec);
    if (supplied.problem().isPresent()) {
      return StepResult.held("StatementFilesNotFound", supplied.problem().get()
          + "; the check runs once it is fixed (on the next spec change or resync)");
    }
    List<String> databases = ctx.databases();
    Optional<StatementCheckReport> result = ctx.sqlTasks().poll(ctx.taskKey(NAME),
        () -> check(checks.get(), ctx.sourceDatabase(), ctx.targetDatabase(), databases, spec.limitOrDefault(), supplied,
            spec.resultTimeout()));
    if (result.isEmpty()) {
      return StepResult.waiting("preparing the source's statements on the target", ctx.timings().sqlPoll());
    }
    StatementCheckReport report = result.get();
    StatementCheckStatus status = report.toStatus(spec, ctx.now());
    publish(ctx, report, spec, status);
    recheckValue(ctx).ifPresent(status::setRecheck);
    ctx.status().setStatementCheck(status);
    return decide(report, spec);
  }

  /** The full report beside status; a report that cannot be written is a warning, not a reason to stop. */
  private static void publish(MigrationContext ctx, StatementCheckReport report, StatementCheckSpec spec,
      StatementCheckStatus status) {
    if (ctx.statementReports().isEmpty()) {
      return;
    }
    String name = reportName(ctx);
    Optional<String> problem = ctx.statementReports().get()
        .publish(ctx.migration(), name, StatementReportText.render(report, spec, summary(report, spec, report.regressions(spec))));
    if (problem.isPresent()) {
      status.getWarnings().add(problem.get());
    } else {
      status.setReport(name);
    }
  }

  static String reportName(MigrationContext ctx) {
    String name = ctx.migration().getMetadata().getName() + "-statements";
    return name.length() <= 253 ? name : name.substring(0, 253);
  }

  private static StatementCheckReport check(
      StatementChecks checks, PostgresServer source, PostgresServer target, List<String> databases, int limit,
      SuppliedStatements supplied, Optional<java.time.Duration> resultTimeout) {
    List<StatementOutcome> outcomes = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String database : databases) {
      StatementSample sample = checks.collect(source, database, limit);
      sample.warning().ifPresent(warnings::add);
      List<AppStatement> statements = new ArrayList<>(sample.statements());
      statements.addAll(supplied.in(database));
      if (!statements.isEmpty()) {
        outcomes.addAll(checks.check(source, target, database, statements, resultTimeout));
      }
    }
    return new StatementCheckReport(outcomes, warnings);
  }

  private static StepResult decide(StatementCheckReport report, StatementCheckSpec spec) {
    List<StatementOutcome> blocking = report.blocking(spec);
    List<StatementOutcome> regressions = report.regressions(spec);
    String summary = summary(report, spec, regressions);
    if (!blocking.isEmpty()) {
      String listed = String.join("; ", blocking.stream().limit(LISTED_IN_MESSAGE).map(StatementCheckReport::describe).toList());
      String more = blocking.size() > LISTED_IN_MESSAGE ? "; and " + (blocking.size() - LISTED_IN_MESSAGE) + " more" : "";
      return StepResult.held("StatementsFailOnTarget", blocking.size() + " statement(s) the applications run fail on the "
          + "target: " + listed + more + " (" + summary + "). Fix the applications, or accept them by listing their "
          + "queryids (or <configmap>/<key>#<n> for supplied ones) in spec.verification.statements.allowFailures; "
          + "status.statementCheck has the details");
    }
    return StepResult.done(summary);
  }

  private static String summary(StatementCheckReport report, StatementCheckSpec spec, List<StatementOutcome> regressions) {
    StringBuilder s = new StringBuilder();
    s.append(report.outcomes().size()).append(" statement(s): ")
        .append(report.count(StatementOutcome.Verdict.PREPARED)).append(" prepared on the target, ")
        .append(report.failures().size()).append(" failed (").append(report.failures().size() - report.blocking(spec).size())
        .append(" allowed), ").append(report.count(StatementOutcome.Verdict.NOT_CHECKABLE)).append(" not checkable, ")
        .append(regressions.size()).append(" plan regression(s) beyond ×").append(spec.planCostRatioOrDefault());
    if (spec.resultTimeout().isPresent()) {
      s.append(", ").append(report.resultMismatches().size()).append(" result mismatch(es)");
    }
    if (!regressions.isEmpty()) {
      s.append(" (").append(String.join("; ",
          regressions.stream().limit(LISTED_IN_MESSAGE).map(StatementCheckReport::describeRegression).toList())).append(")");
    }
    if (!report.warnings().isEmpty()) {
      s.append("; ").append(String.join("; ", report.warnings()));
    }
    return s.toString();
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    StatementCheckSpec spec = spec(ctx);
    if (!spec.isEnabled()) {
      return List.of("skipped (spec.verification.statements.enabled: false)");
    }
    int allowed = spec.getAllowFailures() == null ? 0 : spec.getAllowFailures().size();
    return List.of(
        "sql (source): read pg_stat_statements of each database: top " + spec.limitOrDefault() + " statements by total "
            + "time and top " + spec.limitOrDefault() + " by calls, utility statements and the operator's role left out",
        supplied(spec),
        "sql (source, then target, READ ONLY transactions): PREPARE each, EXPLAIN (FORMAT JSON) EXECUTE it as a generic "
            + "plan, DEALLOCATE; nothing is executed",
        spec.resultTimeout().map(t -> "sql (source, then target, READ ONLY transactions): run each parameterless read "
            + "both prepare under statement_timeout " + t.toSeconds() + "s and compare row count and checksum; "
            + "mismatches are reported, not blocking")
            .orElse("results are not compared (spec.verification.statements.compareResults: false)"),
        "hold before cutover when the target refuses a statement the source prepares (" + allowed + " queryid(s) in "
            + "allowFailures); report plans costing more than ×" + spec.planCostRatioOrDefault() + " the source's",
        "kubernetes: create or update ConfigMap " + reportName(ctx) + " (owned by this AuroraMigration) with the full report");
  }

  private static String supplied(StatementCheckSpec spec) {
    if (spec.getConfigMapRefs() == null || spec.getConfigMapRefs().isEmpty()) {
      return "kubernetes: no team-supplied statements (spec.verification.statements.configMapRefs)";
    }
    return "kubernetes: read the .sql files of ConfigMap(s) " + String.join(", ", spec.getConfigMapRefs().stream()
        .map(r -> r.getName() + (r.getKeys() == null || r.getKeys().isEmpty() ? "" : " " + r.getKeys())
            + (r.getDatabase() == null ? "" : " (database " + r.getDatabase() + ")")).toList())
        + " and check each statement as well; a missing ConfigMap or key holds the step";
  }

  /**
   * True when the recheck annotation holds a value no check has answered yet, and there is a check to run
   * (enabled, with SQL access: a skipped step records nothing, so it could never answer).
   */
  public static boolean recheckRequested(MigrationContext ctx) {
    if (!spec(ctx).isEnabled() || ctx.statementChecks().isEmpty()) {
      return false;
    }
    Optional<String> value = recheckValue(ctx);
    StatementCheckStatus last = ctx.status().getStatementCheck();
    return value.isPresent() && (last == null || !value.get().equals(last.getRecheck()));
  }

  private static Optional<String> recheckValue(MigrationContext ctx) {
    var annotations = ctx.migration().getMetadata().getAnnotations();
    return annotations == null ? Optional.empty() : Optional.ofNullable(annotations.get(RECHECK_ANNOTATION));
  }

  /** False when spec.verification.statements.enabled is false: no statement SQL at all, after cutover either. */
  public static boolean enabled(MigrationContext ctx) {
    return spec(ctx).isEnabled();
  }

  private static StatementCheckSpec spec(MigrationContext ctx) {
    VerificationSpec verification = ctx.spec().getVerification();
    return verification == null || verification.getStatements() == null ? new StatementCheckSpec() : verification.getStatements();
  }
}
