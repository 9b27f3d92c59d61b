package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.DroppedParameter;
import dev.dbops.aurora.model.migration.Finding;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.RetirementAction;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.model.migration.Severity;
import dev.dbops.aurora.model.migration.SourceRetirementSpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.model.migration.TargetDisposition;
import dev.dbops.aurora.model.migration.WriteFenceCheck;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.postgres.SchemaFinding;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    assertThat(condition("Ready").getStatus()).isEqualTo("True");
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
    assertThat(step("TargetWritable").getMessage()).contains("removed default_transaction_read_only=on").contains("app");
    assertThat(step("Upgrade").getState()).isEqualTo(StepState.Pending);
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
    assertThat(step("Verify").getState()).isEqualTo(StepState.Running);
    assertThat(condition("Ready").getStatus()).isEqualTo("False");
    assertThat(condition("Ready").getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(condition("Ready").getMessage()).contains("app.public.orders (+1 inserted, 2 updated)")
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
    assertThat(step("Cutover").getState()).isEqualTo(StepState.Running);
    assertThat(condition("Ready").getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(condition("Ready").getMessage()).contains("app.public.orders (1 deleted)").contains("sequences moved");
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
    assertThat(condition("Ready").getReason()).isEqualTo("WritesAfterSnapshot");

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
    assertThat(condition("Ready").getReason()).isEqualTo("WritesUnprovable");
    assertThat(driver.persisted().getStatus().getWriteFence().getResult()).isEqualTo(WriteFenceResult.Unprovable);
    assertThat(driver.persisted().getStatus().getWriteFence().getUnprovableReason()).contains("statistics of app were reset");
    assertThat(driver.routing.calls).isEmpty();
  }

  @Test
  void sourceRestartMakesTheFenceUnprovable() {
    driver.runUntilStepSucceeded("Snapshot");
    driver.databases.source.startedAt = "2026-11-26 10:07:00+00";

    driver.runUntilSettled(false);

    assertThat(condition("Ready").getReason()).isEqualTo("WritesUnprovable");
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
    assertThat(condition("Ready").getReason()).isEqualTo("PreflightBlockers");
    assertThat(condition("Ready").getMessage()).contains("postfix-operators app.public.!").contains("Nothing was changed");
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
    assertThat(condition("Ready").getReason()).isEqualTo("ScalingNotSupported");
    assertThat(condition("Ready").getMessage())
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
    assertThat(condition("Ready").getReason()).isEqualTo("ScalingNotSupported");
    assertThat(condition("Ready").getMessage()).contains("maxCapacity 256 needs Aurora PostgreSQL 15.6 or later");
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
  void missingTargetParameterGroupsStopPreflightAndChangeNothing() {
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg15");

    settleWithin(200);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(condition("Ready").getReason()).isEqualTo("ParameterGroupUnusable");
    assertThat(condition("Ready").getMessage())
        .contains("spec.target.clusterParameterGroupName: DB cluster parameter group orders-pg15 does not exist in us-east-1")
        .contains("spec.target.instanceParameterGroupName: DB parameter group orders-instance-pg15 does not exist")
        .contains("family aurora-postgresql15")
        .contains("Nothing was changed");
    assertThat(driver.rds.writes()).isEmpty();
    assertThat(driver.databases.source.count("setReadOnly true app")).isZero();
  }

  @Test
  void targetParameterGroupOfAnotherFamilyStopsPreflight() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg13");

    settleWithin(200);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(condition("Ready").getMessage())
        .contains("orders-pg13 is of family aurora-postgresql13; the target version 15.8 needs family aurora-postgresql15");
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void defaultGroupOfAnOlderFamilyStopsPreflight() {
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("default.aurora-postgresql13");

    settleWithin(200);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(condition("Ready").getMessage()).contains(
        "spec.target.instanceParameterGroupName: DB parameter group default.aurora-postgresql13 is of family aurora-postgresql13");
  }

  @Test
  void targetParameterGroupsOfTheTargetFamilyAreSentWithTheLastHop() {
    driver.rds.addClusterParameterGroup("orders-pg15", "aurora-postgresql15");
    driver.rds.addInstanceParameterGroup("orders-instance-pg15", "aurora-postgresql15");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg15");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo("orders-pg15");
    assertThat(instanceGroupOfTarget()).isEqualTo("orders-instance-pg15");
  }

  @Test
  void targetParameterGroupsAreSentWhenTheLastHopIsAMinorOne() {
    driver.path = List.of("14.12", "15.4", "15.10");
    driver.rds.addClusterParameterGroup("orders-pg15", "aurora-postgresql15");
    driver.rds.addInstanceParameterGroup("orders-instance-pg15", "aurora-postgresql15");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg15");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.findCluster("orders-v2")).get().satisfies(c -> assertThat(c.engineVersion()).isEqualTo("15.10"));
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo("orders-pg15");
    assertThat(instanceGroupOfTarget()).isEqualTo("orders-instance-pg15");
  }

  @Test
  void targetParameterGroupsAreUsedFromTheRestoreWhenNoMajorHopFollows() {
    driver.path = List.of("13.15");
    driver.rds.addClusterParameterGroup("orders-pg13-tuned", "aurora-postgresql13");
    driver.rds.addInstanceParameterGroup("orders-instance-pg13", "aurora-postgresql13");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg13-tuned");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg13");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo("orders-pg13-tuned");
    assertThat(instanceGroupOfTarget()).isEqualTo("orders-instance-pg13");
  }

  @Test
  void parameterGroupDeletedAfterPreflightFailsTheUpgradeInsteadOfRetryingForever() {
    driver.rds.addClusterParameterGroup("orders-pg15", "aurora-postgresql15");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
    driver.runUntilStepSucceeded("Preflight");
    driver.rds.removeClusterParameterGroup("orders-pg15");

    settleWithin(400);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.persisted().getStatus().getRollback().getReason())
        .contains("DBClusterParameterGroupNotFound").contains("orders-pg15");
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
  }

  /** The DB parameter group of the target's instances: the last major hop's, else the one they were created with. */
  private String instanceGroupOfTarget() {
    return driver.rds.modifyRequests().stream()
        .filter(ClusterChanges::allowMajorVersionUpgrade)
        .map(ClusterChanges::instanceParameterGroup)
        .reduce((first, last) -> last)
        .orElseGet(() -> driver.rds.findInstances("orders-v2").get(0).parameterGroup());
  }

  /** Reconciles until the migration stops asking to be rescheduled, at most {@code reconciles} times. */
  private void settleWithin(int reconciles) {
    for (int i = 0; i < reconciles; i++) {
      if (driver.reconcile().isEmpty()) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final String PG14_COPY = "orders-v2-aurora-postgresql14-6f1c2d3e";
  private static final String PG15_COPY = "orders-v2-aurora-postgresql15-6f1c2d3e";

  /** A source group as teams have them: libraries, time zone, logging, and two settings PostgreSQL later removed. */
  private void sourceHasItsOwnParameterGroup() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of(
        "shared_preload_libraries", "pg_stat_statements,auto_explain",
        "timezone", "Europe/Berlin",
        "log_min_duration_statement", "500",
        "vacuum_cleanup_index_scale_factor", "0.2",
        "stats_temp_directory", "/rdsdbdata/tmp"));
    driver.rds.setParameterGroup("source-orders", "orders-pg13");
  }

  @Test
  void sourcesOwnParameterGroupIsCarriedIntoEachNewFamilyWithoutTheParametersItNoLongerHas() {
    sourceHasItsOwnParameterGroup();

    driver.runUntilStepSucceeded("RestoreTarget");
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).as("restored at 13.12 with the source's own group").isEqualTo("orders-pg13");
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo(PG15_COPY);
    Map<String, String> kept = Map.of(
        "shared_preload_libraries", "pg_stat_statements,auto_explain", "timezone", "Europe/Berlin", "log_min_duration_statement", "500");
    assertThat(driver.rds.clusterParameterGroupFamily(PG15_COPY)).hasValue("aurora-postgresql15");
    assertThat(driver.rds.clusterParameterGroupFamily(PG14_COPY)).hasValue("aurora-postgresql14");
    assertThat(driver.rds.parameterGroup(PG15_COPY)).containsExactlyInAnyOrderEntriesOf(kept);
    assertThat(driver.rds.parameterGroup(PG14_COPY)).containsOnlyKeys(
        "shared_preload_libraries", "timezone", "log_min_duration_statement", "stats_temp_directory");
    assertThat(driver.rds.parameterGroupTags(PG15_COPY)).containsEntry(MigrationNames.OWNER_TAG, "shop/orders");

    var plan = driver.persisted().getStatus().getParameterGroups();
    assertThat(plan.getSourceGroup()).isEqualTo("orders-pg13");
    assertThat(plan.getSourceFamily()).isEqualTo("aurora-postgresql13");
    assertThat(plan.getCarried()).extracting(CarriedParameterGroup::getFamily, CarriedParameterGroup::getGroup)
        .containsExactly(tuple("aurora-postgresql14", PG14_COPY), tuple("aurora-postgresql15", PG15_COPY));
    assertThat(plan.getDropped()).extracting(DroppedParameter::getName, DroppedParameter::getFamily)
        .containsExactly(tuple("vacuum_cleanup_index_scale_factor", "aurora-postgresql14"), tuple("stats_temp_directory", "aurora-postgresql15"));
    assertThat(driver.persisted().getStatus().getFindings())
        .filteredOn(f -> f.getCheck().equals("cluster-parameter-not-carried"))
        .extracting(Finding::getObject, Finding::getSeverity)
        .containsExactlyInAnyOrder(tuple("vacuum_cleanup_index_scale_factor", Severity.Warning), tuple("stats_temp_directory", Severity.Warning));
    assertThat(driver.persisted().getStatus().getFindings())
        .filteredOn(f -> f.getObject().equals("stats_temp_directory")).singleElement()
        .satisfies(f -> assertThat(f.getMessage()).contains("orders-pg13").contains("removed in PostgreSQL 15"));
  }

  @Test
  void dryRunShowsTheCarriedGroupsAndTheRestoreWithTheSourcesGroup() {
    sourceHasItsOwnParameterGroup();
    driver.persisted().getSpec().setDryRun(true);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Planned);
    assertThat(driver.persisted().getStatus().getPlan())
        .anyMatch(l -> l.startsWith("RestoreTarget: rds:RestoreDBClusterFromSnapshot") && l.contains("DBClusterParameterGroupName orders-pg13"))
        .anyMatch(l -> l.startsWith("Upgrade: rds:CreateDBClusterParameterGroup " + PG15_COPY + " (family aurora-postgresql15"))
        .anyMatch(l -> l.startsWith("Upgrade: rds:ModifyDBCluster orders-v2 EngineVersion=15.8")
            && l.contains("DBClusterParameterGroupName=" + PG15_COPY));
    assertThat(driver.rds.count("putClusterParameterGroup")).isZero();
  }

  @Test
  void aDirectHopOverAMajorVersionDropsWhatTheSkippedVersionRemoved() {
    sourceHasItsOwnParameterGroup();
    driver.path = List.of("15.8");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.parameterGroup(PG15_COPY))
        .containsOnlyKeys("shared_preload_libraries", "timezone", "log_min_duration_statement");
    assertThat(driver.persisted().getStatus().getParameterGroups().getDropped())
        .filteredOn(d -> d.getName().equals("vacuum_cleanup_index_scale_factor")).singleElement()
        .satisfies(d -> {
          assertThat(d.getFamily()).isEqualTo("aurora-postgresql15");
          assertThat(d.getReason()).contains("removed in PostgreSQL 14");
        });
    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNull();
  }

  @Test
  void theNewFamilysParameterListFromAwsDecidesWhatIsCarried() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of(
        "timezone", "UTC", "apg_legacy_knob", "on", "stats_temp_directory", "/rdsdbdata/tmp"));
    driver.rds.setParameterGroup("source-orders", "orders-pg13");
    driver.rds.setFamilyParameterNames("aurora-postgresql14", Set.of("timezone", "stats_temp_directory"));
    driver.rds.setFamilyParameterNames("aurora-postgresql15", Set.of("TimeZone"));

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.parameterGroup(PG15_COPY)).containsExactly(Map.entry("timezone", "UTC"));
    assertThat(driver.persisted().getStatus().getParameterGroups().getDropped())
        .extracting(DroppedParameter::getName, DroppedParameter::getFamily, DroppedParameter::getReason)
        .containsExactly(
            tuple("apg_legacy_knob", "aurora-postgresql14", "aurora-postgresql14 has no such parameter (DescribeEngineDefaultClusterParameters)"),
            tuple("stats_temp_directory", "aurora-postgresql15", "removed in PostgreSQL 15; statistics are kept in shared memory"));
  }

  @Test
  void aRestartedOperatorCarriesWhatPreflightRecordedEvenIfTheSourceGroupChangedMeanwhile() {
    sourceHasItsOwnParameterGroup();
    driver.runUntilStepSucceeded("Preflight");
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of("timezone", "UTC", "work_mem", "65536"));

    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.parameterGroup(PG15_COPY))
        .containsEntry("timezone", "Europe/Berlin").doesNotContainKey("work_mem");
    assertThat(driver.rds.count("putClusterParameterGroup " + PG15_COPY)).as("made once, found by later runs").isEqualTo(1);
  }

  @Test
  void aGroupOfTheCarriedNameInAnotherFamilyIsLeftAloneAndStopsTheUpgrade() {
    sourceHasItsOwnParameterGroup();
    driver.rds.addClusterParameterGroup(PG14_COPY, "aurora-postgresql13", Map.of("timezone", "Asia/Tokyo"));

    settleWithin(400);

    assertThat(driver.rds.count("putClusterParameterGroup")).isZero();
    assertThat(driver.rds.parameterGroup(PG14_COPY)).containsExactly(Map.entry("timezone", "Asia/Tokyo"));
    assertThat(driver.persisted().getStatus().getRollback().getReason())
        .contains(PG14_COPY).contains("family aurora-postgresql13").contains("not touched");
  }

  @Test
  void noCarryOverForADefaultSourceGroupOrANamedTargetGroup() {
    driver.rds.setParameterGroup("source-orders", "default.aurora-postgresql13");
    driver.runUntilSettled(false);
    assertThat(driver.persisted().getStatus().getParameterGroups()).isNull();
    assertThat(driver.rds.count("putClusterParameterGroup")).isZero();
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo("default.aurora-postgresql15");

    MigrationDriver named = new MigrationDriver();
    try {
      named.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of("timezone", "UTC"));
      named.rds.setParameterGroup("source-orders", "orders-pg13");
      named.rds.addClusterParameterGroup("orders-pg15", "aurora-postgresql15");
      named.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
      named.runUntilSettled(false);
      assertThat(named.persisted().getStatus().getParameterGroups()).isNull();
      assertThat(named.persisted().getStatus().getFindings()).noneMatch(f -> f.getCheck().equals("cluster-parameter-not-carried"));
      assertThat(named.rds.count("putClusterParameterGroup")).isZero();
      assertThat(named.rds.describe("orders-v2").parameterGroup()).isEqualTo("orders-pg15");
    } finally {
      named.runner.close();
    }
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
    assertThat(step("Verify").getMessage()).contains("app.public.orders (rows 1000 vs 999)");
    assertThat(step("Cutover").getState()).isEqualTo(StepState.Pending);
    assertThat(driver.routing.calls).isEmpty();
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
    assertThat(status.getRollback().getActions()).anyMatch(a -> a.startsWith("source writable again: app"))
        .anyMatch(a -> a.startsWith("target kept: orders-v2"));
    assertThat(condition("Degraded").getStatus()).isEqualTo("True");
    assertThat(status.getMessage()).contains("To retry");
  }

  @Test
  void manualCutoverWaitsForApprovalInSpec() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);

    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    assertThat(condition("Ready").getReason()).isEqualTo("AwaitingCutoverApproval");
    assertThat(driver.routing.calls).isEmpty();

    driver.persisted().getSpec().getCutover().setApproved(true);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.routing.calls).contains("secret orders-db-connection");
  }

  @Test
  void requestedRollbackDeletesTargetAfterFinalSnapshotWhenAsked() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    rollback.setTargetCluster(TargetDisposition.Delete);
    driver.persisted().getSpec().setRollback(rollback);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.rds.writes()).contains("deleteCluster orders-v2 snapshot=orders-v2-rollback-6f1c2d3e");
    assertThat(driver.rds.snapshotIds()).contains("source-orders-premigration-6f1c2d3e", "orders-v2-rollback-6f1c2d3e");
    assertThat(driver.rds.clusterIds()).containsExactlyInAnyOrder("source-orders");
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
  }

  @Test
  void rollbackLiftsTheDeletionProtectionItsOwnRestoreSetAndDeletesTheTarget() {
    driver.persisted().getSpec().getTarget().setDeletionProtection(true);
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    assertThat(driver.rds.findCluster("orders-v2")).get().satisfies(c -> assertThat(c.deletionProtection()).isTrue());
    assertThat(driver.persisted().getStatus().getTarget().getDeletionProtectionSetByRestore()).isTrue();

    requestRollback(TargetDisposition.Delete);
    rollBack();

    assertThat(driver.rds.writes()).containsSubsequence(
        "modifyCluster orders-v2 DeletionProtection=false",
        "deleteInstance orders-v2-1",
        "deleteCluster orders-v2 snapshot=orders-v2-rollback-6f1c2d3e");
    assertThat(driver.rds.count("modifyCluster orders-v2 DeletionProtection")).isEqualTo(1);
    assertThat(driver.rds.clusterIds()).containsExactlyInAnyOrder("source-orders");
    assertThat(driver.rds.snapshotIds()).contains("orders-v2-rollback-6f1c2d3e");
    assertThat(driver.persisted().getStatus().getRollback().getActions())
        .anyMatch(a -> a.startsWith("deletion protection lifted: orders-v2"))
        .anyMatch(a -> a.startsWith("target deleted: orders-v2"));
  }

  @Test
  void rollbackAfterACrashLiftsTheProtectionOnceAndStillDeletesTheTarget() {
    driver.persisted().getSpec().getTarget().setDeletionProtection(true);
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);

    requestRollback(TargetDisposition.Delete);
    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.rds.count("modifyCluster orders-v2 DeletionProtection=false")).isEqualTo(1);
    assertThat(driver.rds.clusterIds()).containsExactlyInAnyOrder("source-orders");
  }

  @Test
  void rollbackKeepsATargetSomeoneElseProtectedAndSaysHowToDeleteIt() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    driver.rds.protect("orders-v2");
    int callsBefore = driver.rds.writes().size();

    requestRollback(TargetDisposition.Delete);
    rollBack();

    // Nothing touched the target: not its protection, not an instance.
    assertThat(driver.rds.writes().subList(callsBefore, driver.rds.writes().size())).noneMatch(c -> c.contains("orders-v2"));
    assertThat(driver.rds.findCluster("orders-v2")).get().satisfies(c -> assertThat(c.deletionProtection()).isTrue());
    assertThat(driver.rds.findInstances("orders-v2")).hasSize(1);
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
    assertThat(driver.persisted().getStatus().getRollback().getActions()).anyMatch(a -> a.startsWith("target kept: orders-v2"));
    assertThat(driver.persisted().getStatus().getMessage())
        .contains("deletion protection was not set by this migration")
        .contains("aws rds modify-db-cluster --db-cluster-identifier orders-v2 --no-deletion-protection --apply-immediately")
        .contains("aws rds delete-db-instance --db-instance-identifier orders-v2-1")
        .contains("aws rds delete-db-cluster --db-cluster-identifier orders-v2 --final-db-snapshot-identifier orders-v2-rollback-6f1c2d3e");
  }

  @Test
  void rollbackKeepsAProtectedTargetWhenStatusCannotTellWhoProtectedIt() {
    driver.persisted().getSpec().getTarget().setDeletionProtection(true);
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    // Status written by an operator version that did not record what its restore asked for.
    driver.persisted().getStatus().getTarget().setDeletionProtectionSetByRestore(null);
    // The migration itself removed its temporary provisioned writer; only what the rollback does counts here.
    int beforeRollback = driver.rds.writes().size();

    requestRollback(TargetDisposition.Delete);
    rollBack();

    List<String> writes = driver.rds.writes();
    assertThat(writes.subList(beforeRollback, writes.size()))
        .noneMatch(c -> c.startsWith("modifyCluster orders-v2 DeletionProtection"))
        .noneMatch(c -> c.startsWith("deleteInstance orders-v2") || c.startsWith("deleteCluster orders-v2"));
    assertThat(driver.rds.findInstances("orders-v2")).hasSize(1);
    assertThat(driver.persisted().getStatus().getMessage())
        .contains("status cannot tell whether this migration set its deletion protection")
        .contains("--no-deletion-protection");
  }

  private void requestRollback(TargetDisposition target) {
    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    rollback.setTargetCluster(target);
    driver.persisted().getSpec().setRollback(rollback);
  }

  /** A bounded number of looks: a rollback that retries forever fails here in a second, not after minutes. */
  private void rollBack() {
    for (int i = 0; i < 60 && driver.phase() != MigrationPhase.RolledBack; i++) {
      driver.reconcile();
    }
    assertThat(driver.phase()).as("phase after 60 looks; message: %s", driver.persisted().getStatus().getMessage())
        .isEqualTo(MigrationPhase.RolledBack);
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
    assertThat(step("RetireSource").getMessage()).contains("AWS starts a stopped cluster again after 7 days");
  }

  @Test
  void finishedMigrationKeepsLookingAtTheSourceOnlyWhileTheSpecSaysStop() {
    provisionedSourceRetiredBy(RetirementAction.Stop);
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
  void dbServerlessInstancesCreatedAfterTheUpgradeGetTheTargetsDbParameterGroup() {
    driver.rds.addInstanceParameterGroup("orders-instance-pg15", "aurora-postgresql15");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg15");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.findInstances("orders-v2")).singleElement()
        .satisfies(i -> assertThat(i.parameterGroup()).isEqualTo("orders-instance-pg15"));
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
    assertThat(step("Upgrade").getState()).isEqualTo(StepState.Failed);
    assertThat(driver.persisted().getStatus().getRollback().getReason())
        .contains("InvalidParameterCombination").contains("Cannot upgrade from 13.12 to 14.12");
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
    assertThat(driver.routing.calls).isEmpty();
  }

  @Test
  void retryableAwsErrorIsRetriedWithoutFailing() {
    driver.rds.failUpgrades(new AwsException(AwsErrorKind.RETRYABLE, "Throttling", "Rate exceeded"));
    for (int i = 0; i < 200 && !"Throttling".equals(driver.persisted().getStatus() == null ? null : condition("Degraded").getReason()); i++) {
      driver.reconcile();
    }
    assertThat(condition("Degraded").getStatus()).isEqualTo("True");
    assertThat(condition("Progressing").getStatus()).isEqualTo("True");
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
    assertThat(condition("Ready").getReason()).isEqualTo("SourceNotFound");
    assertThat(driver.rds.writes()).isEmpty();
  }

  private StepStatus step(String name) {
    return driver.persisted().getStatus().getSteps().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private Condition condition(String type) {
    List<Condition> conditions = driver.persisted().getStatus().getConditions();
    return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
