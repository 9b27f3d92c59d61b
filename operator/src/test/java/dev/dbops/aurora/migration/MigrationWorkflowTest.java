package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.RetirementAction;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.model.migration.SourceRetirementSpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.model.migration.WriteFenceCheck;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationWorkflowTest {
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void migratesServerlessV1SourceToServerlessV2OnTargetVersion() {
    driver.runUntilSettled(false);

    var status = driver.persisted().getStatus();
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(status.getSteps()).extracting(StepStatus::getState).containsOnly(StepState.Succeeded);
    assertThat(status.getSource().getKind()).isEqualTo("ServerlessV1");
    assertThat(status.getUpgradePath()).containsExactly("14.12", "15.8");
    assertThat(status.getTargetParameterGroupFamily()).isEqualTo("aurora-postgresql15");
    assertThat(driver.rds.findCluster("orders-v2")).get().satisfies(c -> {
      assertThat(c.engineVersion()).isEqualTo("15.8");
      assertThat(c.engineMode()).isEqualTo("provisioned");
      assertThat(c.scaling().max()).isEqualTo(8.0);
    });
    assertThat(driver.rds.findInstances("orders-v2")).singleElement()
        .satisfies(i -> assertThat(i.instanceClass()).isEqualTo("db.serverless"));
    // Restored from Serverless v1: a provisioned writer first (AWS's procedure), db.serverless after the upgrades.
    assertThat(driver.rds.writes()).containsSubsequence(
        "createSnapshot source-orders-premigration-6f1c2d3e",
        "restoreFromSnapshot orders-v2",
        "createInstance orders-v2-upgrade db.r6g.large",
        "modifyCluster orders-v2 14.12",
        "modifyCluster orders-v2 15.8",
        "createInstance orders-v2-1 db.serverless",
        "deleteInstance orders-v2-upgrade");
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isTrue();
    assertThat(driver.databases.source.count("terminateOtherSessions")).isEqualTo(1);
    assertThat(driver.databases.target.count("runPostUpgradeTasks")).isEqualTo(1);
    assertThat(driver.routing.pointedAt)
        .containsEntry("secret/orders-db-connection", "orders-v2.cluster-abc.us-east-1.rds.amazonaws.com")
        .containsEntry("service/orders-db", "orders-v2.cluster-abc.us-east-1.rds.amazonaws.com");
    assertThat(status.getReadOnlyWindow().getEndedAt()).isNotNull();
    assertThat(status.getReadOnlyWindow().getDurationSeconds()).isGreaterThanOrEqualTo(30);
    assertThat(status.getVerification().getMismatches()).isZero();
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("True");
    assertThat(status.getReadOnlyWindow().getSwitchedDatabases()).containsExactly("app");
    assertThat(driver.databases.target.readOnlyDatabases).isEmpty();
    assertThat(status.getTarget().getReadOnlySettingsRemoved()).containsExactly("app");
    assertThat(status.getTarget().getWritableVerifiedAt()).isNotNull();
    assertThat(status.getWriteFence().getResult()).isEqualTo(WriteFenceResult.NoWritesDetected);
    assertThat(status.getWriteFence().getChecks()).extracting(WriteFenceCheck::getStep).containsExactly("Verify", "Cutover");
    assertThat(status.getWriteFence().getClearedForCutoverAt()).isNotNull();
  }

  @Test
  void targetStartsReadOnlyLikeTheSnapshotAndIsMadeWritableBeforeTheUpgrade() {
    driver.runUntilStepSucceeded("TargetWritable");

    // The step resets only what it reads back as still set: this call shows the target started read-only.
    assertThat(driver.databases.target.calls).containsExactly("setReadOnly false app");
    assertThat(driver.databases.target.readOnlyDatabases).isEmpty();
    assertThat(driver.step("TargetWritable").getMessage()).contains("removed default_transaction_read_only=on").contains("app");
    assertThat(driver.step("Upgrade").getState()).isEqualTo(StepState.Pending);
  }

  @Test
  void usersOwnReadOnlyDatabaseIsNeitherSwitchedNorReset() {
    driver.databases.source.readOnlyDatabases.add("app");
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);

    var window = driver.persisted().getStatus().getReadOnlyWindow();
    assertThat(window.getAlreadyReadOnlyDatabases()).containsExactly("app");
    assertThat(window.getSwitchedDatabases()).isEmpty();
    assertThat(driver.databases.source.calls).noneMatch(c -> c.startsWith("setReadOnly"));
    assertThat(driver.databases.target.readOnlyDatabases).containsExactly("app");

    requestRollback();
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.databases.source.readOnlyDatabases).containsExactly("app");
  }

  @Test
  void writeAfterTheSnapshotHoldsTheMigrationAtVerifyAndNamesTheTable() {
    driver.runUntilStepSucceeded("Snapshot");
    driver.databases.source.write("app", "public.orders", 1, 2, 0);

    driver.runUntilSettled(false);

    var fence = driver.persisted().getStatus().getWriteFence();
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Migrating);
    assertThat(driver.step("Verify").getState()).isEqualTo(StepState.Running);
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("False");
    assertThat(driver.condition("Ready").getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(driver.condition("Ready").getMessage()).contains("app.public.orders (+1 inserted, 2 updated)")
        .contains("spec.rollback.requested: true").contains("spec.cutover.acceptWritesAfterSnapshot: true");
    assertThat(fence.getResult()).isEqualTo(WriteFenceResult.WritesDetected);
    assertThat(fence.getWritesDetected()).isEqualTo(3);
    assertThat(fence.getWrites()).singleElement().satisfies(t -> {
      assertThat(t.getTable()).isEqualTo("public.orders");
      assertThat(t.getInserts()).isEqualTo(1);
    });
    assertThat(driver.routing.calls).isEmpty();
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isTrue();

    requestRollback();
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
  }

  @Test
  void writeBetweenVerifyAndApprovalHoldsTheCutoverUntilAccepted() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    driver.databases.source.write("app", "public.orders", 0, 0, 1);
    driver.databases.source.nextval("app", "public.orders_id_seq");

    driver.persisted().getSpec().getCutover().setApproved(true);
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isNotEqualTo(MigrationPhase.Completed);
    assertThat(driver.step("Cutover").getState()).isEqualTo(StepState.Running);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(driver.condition("Ready").getMessage()).contains("app.public.orders (1 deleted)").contains("sequences moved");
    assertThat(driver.persisted().getStatus().getWriteFence().getSequencesChanged()).containsExactly("app");
    assertThat(driver.routing.calls).isEmpty();

    driver.persisted().getSpec().getCutover().setAcceptWritesAfterSnapshot(true);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.persisted().getStatus().getWriteFence().getAcceptedAt()).isNotNull();
    assertThat(driver.routing.calls).contains("secret orders-db-connection");
  }

  @Test
  void rollbackIsStillAcceptedWhileTheCutoverIsHeldBeforeRepointing() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    driver.databases.source.write("app", "public.orders", 1, 0, 0);
    driver.persisted().getSpec().getCutover().setApproved(true);
    driver.runUntilSettled(false);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("WritesAfterSnapshot");

    requestRollback();
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.routing.calls).isEmpty();
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
  }

  @Test
  void resetStatisticsMakeTheFenceUnprovableAndHoldTheCutover() {
    driver.runUntilStepSucceeded("Snapshot");
    driver.databases.source.resetStatistics("2026-11-26 10:05:00+00");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isNotEqualTo(MigrationPhase.Completed);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("WritesUnprovable");
    assertThat(driver.persisted().getStatus().getWriteFence().getResult()).isEqualTo(WriteFenceResult.Unprovable);
    assertThat(driver.persisted().getStatus().getWriteFence().getUnprovableReason()).contains("statistics of app were reset");
    assertThat(driver.routing.calls).isEmpty();
  }

  @Test
  void sourceRestartMakesTheFenceUnprovable() {
    driver.runUntilStepSucceeded("Snapshot");
    driver.databases.source.startedAt = "2026-11-26 10:07:00+00";

    driver.runUntilSettled(false);

    assertThat(driver.condition("Ready").getReason()).isEqualTo("WritesUnprovable");
    assertThat(driver.persisted().getStatus().getWriteFence().getUnprovableReason()).contains("the source restarted");
  }

  private void requestRollback() {
    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    driver.persisted().getSpec().setRollback(rollback);
  }

  @Test
  void completesExactlyOnceWhenEveryReconcileIsRepeatedAfterACrash() {
    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.count("createSnapshot")).isEqualTo(1);
    assertThat(driver.rds.count("restoreFromSnapshot")).isEqualTo(1);
    assertThat(driver.rds.count("createInstance orders-v2-1")).isEqualTo(1);
    assertThat(driver.rds.findInstances("orders-v2")).hasSize(1);
    assertThat(driver.rds.clusterIds()).containsExactlyInAnyOrder("source-orders", "orders-v2");
    assertThat(driver.rds.snapshotIds()).hasSize(1);
    assertThat(driver.routing.pointedAt).hasSize(2);
  }

  @Test
  void blockersStopPreflightAndChangeNothing() {
    driver.databases.source.findings.add(new SchemaFinding("postfix-operators", true, "app.public.!", "postfix operator", "drop it"));
    driver.databases.source.findings.add(new SchemaFinding("public-schema-create", false, "app.public", "PUBLIC loses CREATE", "grant it"));

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.persisted().getStatus().getFindings()).hasSize(2);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("PreflightBlockers");
    assertThat(driver.condition("Ready").getMessage()).contains("postfix-operators app.public.!").contains("Nothing was changed");
    assertThat(driver.rds.writes()).isEmpty();
    assertThat(driver.databases.source.count("setReadOnly true app")).isZero();
  }

  @Test
  void autoPauseTheTargetVersionCannotTakeStopsPreflightAndChangesNothing() {
    driver.path = List.of("14.9", "15.4");
    driver.persisted().getSpec().getTarget().getScaling().setMinCapacity(0.0);
    driver.persisted().getSpec().getTarget().getScaling().setSecondsUntilAutoPause(600);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("ScalingNotSupported");
    assertThat(driver.condition("Ready").getMessage())
        .contains("minCapacity 0 (auto-pause) needs Aurora PostgreSQL 15.7 or later")
        .contains("15.4 allows 0.5–128 ACU")
        .contains("Nothing was changed");
    assertThat(driver.rds.writes()).isEmpty();
    assertThat(driver.databases.source.count("setReadOnly true app")).isZero();
  }

  @Test
  void maximumOf256AcuTheTargetVersionCannotTakeStopsPreflight() {
    driver.path = List.of("14.9", "15.4");
    driver.persisted().getSpec().getTarget().getScaling().setMaxCapacity(256.0);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("ScalingNotSupported");
    assertThat(driver.condition("Ready").getMessage()).contains("maxCapacity 256 needs Aurora PostgreSQL 15.6 or later");
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void autoPauseOnlyTheTargetVersionTakesIsSetAfterTheUpgrade() {
    driver.persisted().getSpec().getTarget().getScaling().setMinCapacity(0.0);
    driver.persisted().getSpec().getTarget().getScaling().setSecondsUntilAutoPause(600);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.writes()).containsSubsequence(
        "restoreFromSnapshot orders-v2", "modifyCluster orders-v2 15.8", "modifyCluster orders-v2");
    assertThat(driver.rds.findCluster("orders-v2")).get().satisfies(c -> {
      assertThat(c.scaling().min()).isEqualTo(0.0);
      assertThat(c.scaling().secondsUntilAutoPause()).isEqualTo(600);
    });
  }

  @Test
  void dryRunWritesThePlanAndChangesNothing() {
    driver.persisted().getSpec().setDryRun(true);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Planned);
    assertThat(driver.persisted().getStatus().getPlan())
        .anyMatch(l -> l.startsWith("SourceReadOnly: sql: ALTER DATABASE app SET default_transaction_read_only = on"))
        .anyMatch(l -> l.startsWith("Snapshot: sql (source): end other sessions, wait for their statistics, record write counters"))
        .anyMatch(l -> l.startsWith("TargetWritable: sql (target): SET default_transaction_read_only = off; ALTER DATABASE"))
        .anyMatch(l -> l.startsWith("Verify: sql (source): end other sessions, read the write counters again"))
        .anyMatch(l -> l.startsWith("Cutover: sql (source): end other sessions, read the write counters again"))
        .anyMatch(l -> l.startsWith("Snapshot: rds:CreateDBClusterSnapshot source-orders"))
        .anyMatch(l -> l.contains("rds:ModifyDBCluster orders-v2 EngineVersion=14.12"))
        .anyMatch(l -> l.contains("EngineVersion=15.8 AllowMajorVersionUpgrade=true DBClusterParameterGroupName=default.aurora-postgresql15"))
        .anyMatch(l -> l.startsWith("Cutover: kubernetes: patch Secret orders-db-connection"));
    assertThat(driver.rds.writes()).isEmpty();
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
  }

  @Test
  void dryRunSwitchedOffContinuesWithTheMigration() {
    driver.persisted().getSpec().setDryRun(true);
    driver.runUntilSettled(false);
    driver.persisted().getSpec().setDryRun(false);
    driver.persisted().getMetadata().setGeneration(2L);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
  }

  @Test
  void differingTableFailsBeforeCutoverAndRollsBackTheSource() {
    driver.databases.target.rows.put("public.orders", 999L);

    driver.runUntilSettled(false);

    var status = driver.persisted().getStatus();
    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(status.getVerification().getMismatches()).isEqualTo(1);
    assertThat(driver.step("Verify").getMessage()).contains("app.public.orders (rows 1000 vs 999)");
    assertThat(driver.step("Cutover").getState()).isEqualTo(StepState.Pending);
    assertThat(driver.routing.calls).isEmpty();
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
    assertThat(status.getRollback().getActions()).anyMatch(a -> a.startsWith("source writable again: app"))
        .anyMatch(a -> a.startsWith("target kept: orders-v2"));
    assertThat(driver.condition("Degraded").getStatus()).isEqualTo("True");
    assertThat(status.getMessage()).contains("To retry");
  }

  @Test
  void manualCutoverWaitsForApprovalInSpec() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);

    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("AwaitingCutoverApproval");
    assertThat(driver.routing.calls).isEmpty();

    driver.persisted().getSpec().getCutover().setApproved(true);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.routing.calls).contains("secret orders-db-connection");
  }

  @Test
  void stoppedSourceThatAwsStartsAgainAfterSevenDaysIsStoppedAgain() {
    provisionedSourceRetiredBy(RetirementAction.Stop);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.findCluster("source-orders")).get().extracting(c -> c.status()).isEqualTo("stopped");

    // Seven days later AWS starts the source (Aurora User Guide, "Stopping and starting an Aurora DB cluster").
    driver.runner.clock.advance(Duration.ofDays(7));
    driver.rds.startedByAws("source-orders");
    for (int i = 0; i < 20 && !"stopped".equals(driver.rds.findCluster("source-orders").orElseThrow().status()); i++) {
      driver.reconcile();
    }

    assertThat(driver.rds.findCluster("source-orders")).get().extracting(c -> c.status()).isEqualTo("stopped");
    assertThat(driver.rds.count("stopCluster source-orders")).isEqualTo(2);
    assertThat(driver.rds.writes()).noneMatch(c -> c.startsWith("deleteCluster source-orders") || c.startsWith("modifyCluster source-orders"));
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    driver.reconcile();
    var retirement = driver.persisted().getStatus().getSourceRetirement();
    assertThat(retirement.getRestartsSeen()).isEqualTo(1);
    assertThat(retirement.getLastRestartSeenAt()).isNotNull();
    assertThat(Instant.parse(retirement.getStoppedAt())).isAfter(Instant.parse(retirement.getLastRestartSeenAt()));
    assertThat(driver.step("RetireSource").getMessage()).contains("AWS starts a stopped cluster again after 7 days");
  }

  @Test
  void finishedMigrationKeepsLookingAtTheSourceOnlyWhileTheSpecSaysStop() {
    provisionedSourceRetiredBy(RetirementAction.Stop);
    // Nothing for the routing drift check (every minute, RoutingDriftCheckTest) to look at: only the source's.
    driver.persisted().getSpec().getCutover().setConnectionSecretName(null);
    driver.persisted().getSpec().getCutover().setServiceName(null);
    driver.runUntilSettled(false);
    assertThat(driver.reconcile()).hasValue(Duration.ofHours(1));

    driver.persisted().getSpec().getSourceRetirement().setAction(RetirementAction.Keep);
    assertThat(driver.reconcile()).isEmpty();

    // Deleted by someone: nothing left to keep stopped, and nothing is asked of AWS.
    driver.persisted().getSpec().getSourceRetirement().setAction(RetirementAction.Stop);
    driver.rds.removeCluster("source-orders");
    int calls = driver.rds.writes().size();
    assertThat(driver.reconcile()).isEmpty();
    assertThat(driver.rds.writes()).hasSize(calls);
  }

  private void provisionedSourceRetiredBy(RetirementAction action) {
    driver.rds.removeCluster("source-orders");
    driver.rds.addSource("source-orders", "13.12", "provisioned");
    SourceRetirementSpec retirement = new SourceRetirementSpec();
    retirement.setAction(action);
    driver.persisted().getSpec().setSourceRetirement(retirement);
  }

  @Test
  void sourceWithoutServerlessV2IsUpgradedOnATemporaryProvisionedWriter() {
    driver.rds.removeCluster("source-orders");
    driver.rds.addSource("source-orders", "11.21", "provisioned");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.writes()).containsSubsequence(
        "restoreFromSnapshot orders-v2",
        "createInstance orders-v2-upgrade db.r6g.large",
        "modifyCluster orders-v2 14.12",
        "modifyCluster orders-v2 15.8",
        "modifyCluster orders-v2",
        "createInstance orders-v2-1 db.serverless",
        "deleteInstance orders-v2-upgrade");
    assertThat(driver.rds.findInstances("orders-v2")).extracting(i -> i.identifier()).containsExactly("orders-v2-1");
    assertThat(driver.persisted().getStatus().getSource().getKind()).isEqualTo("Provisioned");
  }

  @Test
  void provisionedSourceOnAVersionWithServerlessV2GetsDbServerlessInstancesFromTheStart() {
    driver.rds.removeCluster("source-orders");
    driver.rds.addSource("source-orders", "13.12", "provisioned");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.writes()).containsSubsequence(
        "restoreFromSnapshot orders-v2", "createInstance orders-v2-1 db.serverless", "modifyCluster orders-v2 14.12");
    assertThat(driver.rds.writes()).noneMatch(c -> c.startsWith("createInstance orders-v2-upgrade"));
  }

  @Test
  void terminalAwsErrorDuringUpgradeRollsBackWithTheAwsReason() {
    driver.rds.failUpgrades(
        new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterCombination", "Cannot upgrade from 13.12 to 14.12"));

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.step("Upgrade").getState()).isEqualTo(StepState.Failed);
    assertThat(driver.persisted().getStatus().getRollback().getReason())
        .contains("InvalidParameterCombination").contains("Cannot upgrade from 13.12 to 14.12");
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
    assertThat(driver.routing.calls).isEmpty();
  }

  @Test
  void retryableAwsErrorIsRetriedWithoutFailing() {
    driver.rds.failUpgrades(new AwsException(AwsErrorKind.RETRYABLE, "Throttling", "Rate exceeded"));
    for (int i = 0; i < 200 && !"Throttling".equals(driver.persisted().getStatus() == null ? null : driver.condition("Degraded").getReason()); i++) {
      driver.reconcile();
    }
    assertThat(driver.condition("Degraded").getStatus()).isEqualTo("True");
    assertThat(driver.condition("Progressing").getStatus()).isEqualTo("True");
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Migrating);

    driver.rds.failUpgrades(null);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
  }

  @Test
  void missingSourceFailsPreflightWithoutTouchingAnything() {
    driver.rds.removeCluster("source-orders");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("SourceNotFound");
    assertThat(driver.rds.writes()).isEmpty();
  }
}
