package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StatementCheckSpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.postgres.AppStatement;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.StatementChecks;
import dev.dbops.aurora.postgres.StatementOutcome;
import dev.dbops.aurora.postgres.StatementSample;
import dev.dbops.aurora.postgres.WorkloadFigures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The StatementCheck step in the whole workflow on the in-memory RDS: where it sits, that it skips
 * without SQL access, and that a failure holds the migration before anything is repointed until the spec
 * accepts it. What the SQL finds on real servers is StatementCheckOnPostgresTest's.
 */
class StatementCheckWorkflowTest {
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void runsAfterMonitoringBeforeCutoverApprovalAndSkipsWithoutSqlAccess() {
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.persisted().getStatus().getSteps()).extracting(s -> s.getName())
        .containsSubsequence("Verify", "Monitoring", StatementCheckStep.NAME, "AwaitCutoverApproval", "Cutover");
    assertThat(driver.step(StatementCheckStep.NAME).getState()).isEqualTo(StepState.Succeeded);
    assertThat(driver.step(StatementCheckStep.NAME).getMessage()).startsWith("skipped: ");
  }

  @Test
  void aFailingStatementHoldsBeforeCutoverUntilAllowedInSpec() {
    driver.statementChecks = SwitchableStatement.refusing();

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Migrating);
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("False");
    assertThat(driver.condition("Ready").getReason()).isEqualTo("StatementsFailOnTarget");
    assertThat(driver.condition("Ready").getMessage()).contains("queryid -42").contains("SQLSTATE 42883")
        .contains("spec.verification.statements.allowFailures");
    assertThat(driver.step("Cutover").getState()).isEqualTo(StepState.Pending);
    assertThat(driver.routing.calls).isEmpty();
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isTrue();
    assertThat(driver.persisted().getStatus().getStatementCheck().getFailed()).isEqualTo(1);
    String report = driver.persisted().getMetadata().getName() + "-statements";
    assertThat(driver.persisted().getStatus().getStatementCheck().getReport()).isEqualTo(report);
    assertThat(driver.statementReports.get(report).get("failed"))
        .contains("queryid -42 in app").contains("SQLSTATE 42883, blocks cutover").contains("SELECT pg_start_backup($1)");

    StatementCheckSpec statements = new StatementCheckSpec();
    statements.setAllowFailures(List.of("-42"));
    VerificationSpec verification = new VerificationSpec();
    verification.setStatements(statements);
    driver.persisted().getSpec().setVerification(verification);
    driver.persisted().getMetadata().setGeneration(2L);
    // The held condition stays until the check has run again, so run until done rather than until settled.
    driver.runner.runUntil(m -> m.getStatus().getPhase() == MigrationPhase.Completed);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.step(StatementCheckStep.NAME).getMessage()).contains("1 failed (1 allowed)");
    assertThat(driver.persisted().getStatus().getStatementCheck().getFailures())
        .singleElement().satisfies(f -> assertThat(f.isAllowed()).isTrue());
    assertThat(driver.statementReports.get(report).get("failed")).contains("allowed in spec");
  }

  @Test
  void switchedOffInSpecTheStepSkips() {
    driver.statementChecks = SwitchableStatement.refusing();
    StatementCheckSpec statements = new StatementCheckSpec();
    statements.setEnabled(false);
    VerificationSpec verification = new VerificationSpec();
    verification.setStatements(statements);
    driver.persisted().getSpec().setVerification(verification);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.step(StatementCheckStep.NAME).getMessage()).contains("enabled is false");
  }

  @Test
  void theDryRunPlanNamesTheStepAndItsDefaultLimits() {
    driver.persisted().getSpec().setDryRun(true);

    driver.runUntilSettled(false);

    assertThat(driver.persisted().getStatus().getPlan())
        .anyMatch(l -> l.startsWith("StatementCheck: sql (source): read pg_stat_statements") && l.contains("top 200"))
        .anyMatch(l -> l.startsWith("StatementCheck: hold before cutover") && l.contains("×2.0"))
        .anyMatch(l -> l.startsWith("StatementCheck: kubernetes: no team-supplied statements"))
        .anyMatch(l -> l.startsWith("StatementCheck: results are not compared"));
  }

  @Test
  void theRecheckAnnotationRunsTheCheckAgainOncePerValueBeforeCutover() {
    SwitchableStatement checks = new SwitchableStatement();
    driver.statementChecks = checks;
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    int firstRun = checks.runs.get();
    assertThat(firstRun).isPositive();

    // The applications changed meanwhile: the statement now fails on the target.
    checks.failing = true;
    driver.persisted().getMetadata().setAnnotations(Map.of(StatementCheckStep.RECHECK_ANNOTATION, "2026-12-02"));
    driver.runUntilSettled(false);

    assertThat(checks.runs.get()).isEqualTo(2 * firstRun);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("StatementsFailOnTarget");
    assertThat(driver.persisted().getStatus().getStatementCheck().getRecheck()).isEqualTo("2026-12-02");
    assertThat(driver.step("Cutover").getState()).isEqualTo(StepState.Pending);
    assertThat(driver.routing.calls).isEmpty();

    // Fixed: the held step runs again by itself on its next look; then back to awaiting approval.
    checks.failing = false;
    driver.runner.runUntil(m -> m.getStatus().getPhase() == MigrationPhase.AwaitingCutover);
    int afterFix = checks.runs.get();
    assertThat(driver.step(StatementCheckStep.NAME).getState()).isEqualTo(StepState.Succeeded);
    assertThat(driver.persisted().getStatus().getCurrentStep()).isEqualTo("AwaitCutoverApproval");

    // The same value again: answered already, nothing runs however often the operator looks.
    for (int i = 0; i < 5; i++) {
      driver.runner.reconcile();
    }
    assertThat(checks.runs.get()).isEqualTo(afterFix);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
  }

  @Test
  void theRecheckAnnotationIsIgnoredAfterCutover() {
    SwitchableStatement checks = new SwitchableStatement();
    driver.statementChecks = checks;
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    int runs = checks.runs.get();

    checks.failing = true;
    driver.persisted().getMetadata().setAnnotations(Map.of(StatementCheckStep.RECHECK_ANNOTATION, "1"));
    driver.runUntilSettled(false);

    assertThat(checks.runs.get()).isEqualTo(runs);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
  }

  /**
   * One statement, prepared on the target until {@code failing} is set; counts the check's runs. The rest of the
   * SQL is StatementCheckOnPostgresTest's.
   */
  private static final class SwitchableStatement implements StatementChecks {
    volatile boolean failing;
    final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    /** The target refuses the one statement the source ran. */
    static SwitchableStatement refusing() {
      SwitchableStatement checks = new SwitchableStatement();
      checks.failing = true;
      return checks;
    }

    @Override
    public StatementSample collect(PostgresServer source, String database, int limit) {
      return new StatementSample(List.of(new AppStatement("-42", database, "SELECT pg_start_backup($1)", 10, 5.0)),
          Optional.empty());
    }

    @Override
    public List<StatementOutcome> check(
        PostgresServer source, PostgresServer target, String database, List<AppStatement> statements) {
      runs.incrementAndGet();
      return statements.stream().map(s -> failing
          ? new StatementOutcome(s, StatementOutcome.Verdict.FAILED, "42883", "function pg_start_backup(text) does not exist",
              Optional.empty(), Optional.empty())
          : new StatementOutcome(s, StatementOutcome.Verdict.PREPARED, null, null, Optional.empty(), Optional.empty()))
          .toList();
    }

    @Override
    public WorkloadFigures workload(PostgresServer server, String database, int top) {
      return new WorkloadFigures(0, 0, List.of(), Optional.of("no pg_stat_statements here"));
    }
  }
}
