package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbops.aurora.aws.ClusterReplication;
import dev.dbops.aurora.model.migration.BlueGreenReadinessStatus;
import dev.dbops.aurora.model.migration.Finding;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.Severity;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.postgres.PostgresException;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Preflight writes whether the source could take a Blue/Green deployment to status.preflight.blueGreen, and what
 * it finds there never changes what the SnapshotRestore migration does (in-memory AWS: which facts moto models
 * is BlueGreenReadinessOnMotoTest's part).
 */
class BlueGreenReadinessPreflightTest {
  private static final String SOURCE = "source-orders";
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void serverlessV1SourceIsReadyWithTheConversionAndTheRebootAsPlannedDowntime() {
    driver.runUntilStepSucceeded("Preflight");

    BlueGreenReadinessStatus blueGreen = blueGreen();
    assertThat(blueGreen.getReady()).isTrue();
    assertThat(blueGreen.getBlockers()).isEmpty();
    assertThat(blueGreen.getWarnings()).extracting(Finding::getCheck)
        .containsExactly("serverless-v1-conversion", "logical-replication-reboot", "ddl-during-deployment");
    assertThat(blueGreen.getWarnings()).allSatisfy(f -> {
      assertThat(f.getSeverity()).isEqualTo(Severity.Warning);
      assertThat(f.getAdvice()).isNotBlank();
    });
    assertThat(driver.step("Preflight").getMessage()).contains("Blue/Green ready");
  }

  @Test
  void blueGreenBlockersAreReportedAndTheSnapshotRestoreMigrationStillCompletes() {
    driver.rds.manageMasterPassword(SOURCE);
    driver.rds.proxyTargets.put("orders-proxy", List.of(SOURCE + "-instance"));
    driver.databases.source.logicalReplicationFindings.add(new SchemaFinding("tables-without-replica-identity", true,
        "app.public.audit_log", "table audit_log has no primary key", "add a primary key"));

    driver.runUntilSettled(false);

    assertThat(driver.phase()).as(driver.persisted().getStatus().getMessage()).isEqualTo(MigrationPhase.Completed);
    BlueGreenReadinessStatus blueGreen = blueGreen();
    assertThat(blueGreen.getReady()).isFalse();
    assertThat(blueGreen.getBlockers()).extracting(Finding::getCheck, Finding::getSeverity).containsExactly(
        tuple("managed-master-password", Severity.Blocker),
        tuple("tables-without-replica-identity", Severity.Blocker));
    assertThat(blueGreen.getWarnings()).extracting(Finding::getCheck).contains("rds-proxy");
    // SnapshotRestore's own findings do not take the Blue/Green ones.
    assertThat(driver.persisted().getStatus().getFindings()).extracting(Finding::getCheck)
        .doesNotContain("managed-master-password", "tables-without-replica-identity", "rds-proxy");
    assertThat(driver.step("Preflight").getMessage()).contains("Blue/Green not ready (2 blocker(s))");
  }

  @Test
  void hundredsOfTablesWithoutAKeyStayTenEntriesAndACountInStatus() {
    for (int i = 1; i <= 250; i++) {
      driver.databases.source.logicalReplicationFindings.add(new SchemaFinding("tables-without-replica-identity",
          true, "app.public.log_" + i, "table log_" + i + " has no primary key", "add a primary key"));
    }

    driver.runUntilStepSucceeded("Preflight");

    List<Finding> blockers = blueGreen().getBlockers();
    assertThat(blockers).hasSize(11);
    assertThat(blockers).extracting(Finding::getObject).startsWith("app.public.log_1", "app.public.log_2")
        .endsWith("app.public.log_10", "240 more");
    assertThat(blockers.get(10).getSeverity()).isEqualTo(Severity.Blocker);
    assertThat(blockers.get(10).getMessage()).contains("240 more");
    assertThat(blueGreen().getReady()).isFalse();
  }

  @Test
  void globalDatabaseAndReplicasBlock() {
    driver.rds.replication.put(SOURCE, new ClusterReplication("orders-global",
        List.of("arn:aws:rds:eu-west-1:123456789012:cluster:orders-eu"), null));

    driver.runUntilStepSucceeded("Preflight");

    assertThat(blueGreen().getBlockers()).extracting(Finding::getCheck)
        .containsExactly("global-database", "cross-region-replicas");
  }

  @Test
  void aCheckThatCannotRunMakesTheSourceNotReadyWithoutFailingPreflight() {
    driver.databases.source.logicalReplicationFailure =
        new PostgresException("42501", "permission denied for table pg_subscription", null);

    driver.runUntilStepSucceeded("Preflight");

    assertThat(driver.step("Preflight").getState()).isEqualTo(StepState.Succeeded);
    assertThat(blueGreen().getReady()).isFalse();
    assertThat(blueGreen().getBlockers()).singleElement().satisfies(f -> {
      assertThat(f.getCheck()).isEqualTo("readiness-unknown");
      assertThat(f.getMessage()).contains("permission denied for table pg_subscription");
    });
  }

  @Test
  void dryRunPlanNamesTheReadinessReads() {
    driver.persisted().getSpec().setDryRun(true);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Planned);
    assertThat(driver.persisted().getStatus().getPlan())
        .anyMatch(l -> l.startsWith("Preflight: Blue/Green readiness") && l.contains("DescribeDBProxies")
            && l.contains("status.preflight.blueGreen"));
    assertThat(blueGreen().getReady()).isTrue();
    assertThat(driver.rds.writes()).isEmpty();
  }

  private BlueGreenReadinessStatus blueGreen() {
    return driver.persisted().getStatus().getPreflight().getBlueGreen();
  }
}
