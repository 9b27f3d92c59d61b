package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.postgres.DriftFinding;
import dev.dbops.aurora.postgres.ReplicationLag;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The BlueGreen strategy on the in-memory RDS (as strict as RDS about Blue/Green) and fake databases. */
class BlueGreenMigrationTest {
  static final List<String> BLUE_GREEN_STEPS = List.of("Preflight", "ConvertToProvisioned", "EnableLogicalReplication",
      "ReplicaIdentity", "CreateBlueGreenDeployment", "AwaitGreen", "GreenServerless", "PreSwitchoverChecks", "StatementCheck",
      "AwaitCutoverApproval", "SequenceSync", "Switchover", "DeleteBlueGreenDeployment", "RetireSource");

  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  private void strategy(MigrationStrategy strategy) {
    driver.persisted().getSpec().setStrategy(strategy);
  }

  @Test
  void migratesServerlessV1SourceThroughConversionRebootDeploymentAndSwitchover() {
    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilSettled(false);

    var status = driver.persisted().getStatus();
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(status.getStrategy()).isEqualTo(MigrationStrategy.BlueGreen);
    assertThat(status.getSteps()).extracting(StepStatus::getName).containsExactlyElementsOf(BLUE_GREEN_STEPS);
    assertThat(status.getSteps()).filteredOn(s -> !s.getName().equals("ReplicaIdentity"))
        .extracting(StepStatus::getState).containsOnly(StepState.Succeeded);
    assertThat(driver.step("ReplicaIdentity").getState()).isEqualTo(StepState.Skipped);
    assertThat(driver.rds.writes()).containsSubsequence(
        "convertToProvisioned source-orders db.r6g.large",
        "putClusterParameterGroup source-orders-logical-aurora-postgresql13-6f1c2d3e",
        "modifyCluster source-orders",
        "rebootInstance source-orders-instance",
        "createBlueGreenDeployment source-orders-bg-6f1c2d3e 15.8",
        "createInstance source-orders-sv2-6f1c2d3e-1 db.serverless",
        "deleteInstance source-orders-instance-green-baaaaa",
        "switchoverBlueGreenDeployment bgd-0000000000000001 300s",
        "deleteBlueGreenDeployment bgd-0000000000000001");
    assertExactlyOneDeploymentAndSwitchover();
    // After switchover the source's name is green's: 15.8 on db.serverless; old blue is <source>-old1, kept.
    var bg = status.getBlueGreen();
    assertThat(bg.getGreenClusterId()).isEqualTo("source-orders");
    assertThat(bg.getBlueClusterId()).isEqualTo("source-orders-old1");
    assertThat(driver.rds.findCluster("source-orders")).get().satisfies(c -> {
      assertThat(c.engineVersion()).isEqualTo("15.8");
      assertThat(c.scaling().max()).isEqualTo(8.0);
    });
    assertThat(driver.rds.findInstances("source-orders")).extracting(i -> i.instanceClass()).containsOnly("db.serverless");
    assertThat(driver.rds.findCluster("source-orders-old1")).get().satisfies(c -> assertThat(c.engineVersion()).isEqualTo("13.12"));
    assertThat(bg.getConversionStartedAt()).isNotNull();
    assertThat(bg.getConversionCompletedAt()).isNotNull();
    assertThat(bg.getRebootStartedAt()).isNotNull();
    assertThat(bg.getRebootCompletedAt()).isNotNull();
    assertThat(bg.getSwitchoverStartedAt()).isNotNull();
    assertThat(bg.getSwitchoverCompletedAt()).isNotNull();
    assertThat(bg.getWriteBlockedSeconds()).isNotNull().isGreaterThan(0.0);
    assertThat(bg.getSequencesCarried()).isEqualTo(1);
    assertThat(bg.getReplicationLagSeconds()).isEqualTo(0.4);
    assertThat(bg.getDeploymentDeletedAt()).isNotNull();
    assertThat(driver.blueGreenSql.calls).containsSubsequence("drift blue/green", "lag blue", "carry blue→green");
    // Nothing of the snapshot strategy: the source never went read-only, no snapshot, no repointing.
    assertThat(status.getReadOnlyWindow()).isNull();
    assertThat(driver.databases.source.calls).noneMatch(c -> c.startsWith("setReadOnly"));
    assertThat(driver.routing.calls).isEmpty();
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void killedAtEveryStepBoundaryAndWaitMakesOneDeploymentAndOneSwitchover() {
    strategy(MigrationStrategy.BlueGreen);
    driver.runner.runUntilSettled(WorkflowRunner.Crashes.AT_EVERY_STEP_BOUNDARY_AND_WAIT);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.runner.crashes).isGreaterThanOrEqualTo(2 * (BLUE_GREEN_STEPS.size() - 2));
    assertExactlyOneDeploymentAndSwitchover();
    assertThat(driver.rds.count("convertToProvisioned")).isEqualTo(1);
    assertThat(driver.rds.count("rebootInstance")).isEqualTo(1);
    assertThat(driver.rds.count("createInstance source-orders-sv2")).isEqualTo(1);
  }

  @Test
  void killedBeforeEveryStatusPatchMakesOneDeploymentAndOneSwitchover() {
    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertExactlyOneDeploymentAndSwitchover();
    assertThat(driver.rds.count("convertToProvisioned")).isEqualTo(1);
  }

  @Test
  void provisionedSourceWithLogicalReplicationOnSkipsConversionAndReboot() {
    driver.rds.addSource("orders-prov", "13.12", "provisioned");
    driver.rds.addClusterParameterGroup("orders-params", "aurora-postgresql13", Map.of("rds.logical_replication", "1"));
    driver.rds.setParameterGroup("orders-prov", "orders-params");
    driver.persisted().getSpec().getSource().setClusterIdentifier("orders-prov");
    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.step("ConvertToProvisioned").getState()).isEqualTo(StepState.Skipped);
    assertThat(driver.step("EnableLogicalReplication").getState()).isEqualTo(StepState.Skipped);
    assertThat(driver.step("EnableLogicalReplication").getMessage()).contains("already 1 in orders-params");
    assertThat(driver.rds.count("convertToProvisioned")).isZero();
    assertThat(driver.rds.count("rebootInstance")).isZero();
    assertThat(driver.rds.count("putClusterParameterGroup orders-prov-logical")).isZero();
    assertThat(driver.persisted().getStatus().getBlueGreen().getRebootStartedAt()).isNull();
  }

  @Test
  void managedMasterPasswordFailsBlueGreenAtPreflightWithAdviceAndChangesNothing() {
    driver.rds.manageMasterPassword("source-orders");
    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.step("Preflight").getMessage()).contains("prevent a Blue/Green deployment").contains("Secrets Manager");
    assertThat(driver.persisted().getStatus().getMessage()).contains("strategy SnapshotRestore or Auto");
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void tableWithoutPrimaryKeyFailsBlueGreenButAutoFallsBackToSnapshotRestoreAndSaysWhy() {
    driver.databases.source.logicalReplicationFindings.add(new SchemaFinding("table-without-replica-identity", true,
        "app.public.audit_log", "UPDATE and DELETE fail once logical replication runs", "add a primary key"));
    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.step("Preflight").getMessage()).contains("app.public.audit_log").contains("add a primary key");

    MigrationDriver auto = new MigrationDriver();
    try {
      auto.databases.source.logicalReplicationFindings.addAll(driver.databases.source.logicalReplicationFindings);
      auto.persisted().getSpec().setStrategy(MigrationStrategy.Auto);
      auto.runUntilSettled(false);
      var status = auto.persisted().getStatus();
      assertThat(auto.phase()).isEqualTo(MigrationPhase.Completed);
      assertThat(status.getStrategy()).isEqualTo(MigrationStrategy.SnapshotRestore);
      assertThat(status.getRequestedStrategy()).isEqualTo(MigrationStrategy.Auto);
      assertThat(auto.step("Preflight").getMessage())
          .contains("strategy SnapshotRestore (Auto: Blue/Green blocked by table-without-replica-identity");
      assertThat(auto.rds.count("createBlueGreenDeployment")).isZero();
      assertThat(auto.rds.count("createSnapshot")).isEqualTo(1);
    } finally {
      auto.runner.close();
    }
  }

  @Test
  void tableOptedIntoReplicaIdentityFullIsNoBlockerAndIsSetBeforeTheDeployment() {
    SchemaFinding noKey = new SchemaFinding("tables-without-replica-identity", true, "app.public.audit_log",
        "table audit_log has no primary key", "add a primary key");
    driver.databases.source.logicalReplicationFindings.add(noKey);
    strategy(MigrationStrategy.BlueGreen);
    var options = new dev.dbops.aurora.model.migration.BlueGreenSpec();
    options.setReplicaIdentityFull(List.of("app.public.audit_log"));
    driver.persisted().getSpec().setBlueGreen(options);
    driver.runUntilSettled(false);

    var status = driver.persisted().getStatus();
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(status.getPreflight().getBlueGreen().getReady()).isTrue();
    assertThat(status.getPreflight().getBlueGreen().getWarnings()).anySatisfy(w -> {
      assertThat(w.getObject()).isEqualTo("app.public.audit_log");
      assertThat(w.getAdvice()).contains("spec.blueGreen.replicaIdentityFull");
    });
    assertThat(driver.blueGreenSql.calls).containsSubsequence("replicaIdentityFull blue app.public.audit_log");
    assertThat(status.getBlueGreen().getReplicaIdentityFullTables()).containsExactly("app.public.audit_log");
    assertThat(driver.step("ReplicaIdentity").getState()).isEqualTo(StepState.Succeeded);

    // Another table without a key, not listed: still a blocker.
    MigrationDriver other = new MigrationDriver();
    try {
      other.databases.source.logicalReplicationFindings.addAll(List.of(noKey, new SchemaFinding(
          "tables-without-replica-identity", true, "app.public.events", "table events has no primary key", "add one")));
      other.persisted().getSpec().setStrategy(MigrationStrategy.BlueGreen);
      other.persisted().getSpec().setBlueGreen(options);
      other.runUntilSettled(false);
      assertThat(other.phase()).isEqualTo(MigrationPhase.Failed);
      assertThat(other.step("Preflight").getMessage()).contains("app.public.events").doesNotContain("app.public.audit_log");
    } finally {
      other.runner.close();
    }
  }

  @Test
  void autoChoosesBlueGreenForAReadySourceAndListsItsSteps() {
    strategy(MigrationStrategy.Auto);
    driver.runUntilStepSucceeded("Preflight");

    var status = driver.persisted().getStatus();
    assertThat(status.getStrategy()).isEqualTo(MigrationStrategy.BlueGreen);
    assertThat(driver.step("Preflight").getMessage()).contains("strategy BlueGreen (Auto: the source is ready");
    driver.reconcile();
    assertThat(driver.persisted().getStatus().getSteps()).extracting(StepStatus::getName).containsExactlyElementsOf(BLUE_GREEN_STEPS);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertExactlyOneDeploymentAndSwitchover();
  }

  @Test
  void dryRunPlansEveryBlueGreenStepWithTheConversionAndTheRebootAsDowntime() {
    strategy(MigrationStrategy.BlueGreen);
    driver.persisted().getSpec().setDryRun(true);
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Planned);
    List<String> plan = driver.persisted().getStatus().getPlan();
    // Automatic cutover and no replicaIdentityFull table: nothing to plan for those two.
    for (String step : BLUE_GREEN_STEPS.stream().filter(s -> !s.equals("AwaitCutoverApproval") && !s.equals("ReplicaIdentity")).toList()) {
      assertThat(plan).as(step).anyMatch(line -> line.startsWith(step + ": "));
    }
    assertThat(plan).anyMatch(l -> l.startsWith("ConvertToProvisioned: rds:ModifyDBCluster source-orders EngineMode=provisioned")
        && l.contains("PLANNED DOWNTIME"));
    assertThat(plan).anyMatch(l -> l.startsWith("EnableLogicalReplication: rds:RebootDBInstance") && l.contains("PLANNED DOWNTIME"));
    assertThat(plan).anyMatch(l -> l.startsWith("Switchover: rds:SwitchoverBlueGreenDeployment source-orders-bg-6f1c2d3e SwitchoverTimeout=300"));
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void strategyChangedAfterTheMigrationStartedHoldsWithAdvice() {
    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilStepSucceeded("ConvertToProvisioned");
    strategy(MigrationStrategy.SnapshotRestore);
    driver.runUntilSettled(false);

    assertThat(driver.condition("Ready").getReason()).isEqualTo("StrategyChanged");
    assertThat(driver.persisted().getStatus().getMessage())
        .contains("spec.strategy changed to SnapshotRestore after the migration started as BlueGreen")
        .contains("set it back to BlueGreen");
    assertThat(driver.rds.count("createSnapshot")).isZero();
    assertThat(driver.rds.count("createBlueGreenDeployment")).isZero();

    strategy(MigrationStrategy.BlueGreen);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
  }

  @Test
  void lagAboveTheMaximumWaitsAndSchemaDriftHoldsBeforeTheSwitchover() {
    strategy(MigrationStrategy.BlueGreen);
    driver.blueGreenSql.lag = Optional.of(new ReplicationLag.Lag(42, 1_000_000, 1));
    driver.runUntilStepSucceeded("GreenServerless");
    for (int i = 0; i < 5; i++) {
      driver.reconcile();
    }
    assertThat(driver.step("PreSwitchoverChecks").getState()).isEqualTo(StepState.Running);
    assertThat(driver.step("PreSwitchoverChecks").getMessage()).contains("green is behind blue (1000000 bytes of WAL, not confirmed within 42.0 s, max 10 s)");
    assertThat(driver.persisted().getStatus().getBlueGreen().getReplicationLagSeconds()).isEqualTo(42.0);

    driver.blueGreenSql.drift.add(new DriftFinding("column-missing", "app.public.orders.note", "text", null));
    driver.runUntilSettled(false);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("SchemaDrift");
    assertThat(driver.rds.count("switchoverBlueGreenDeployment")).isZero();

    driver.blueGreenSql.drift.clear();
    driver.blueGreenSql.lag = Optional.of(new ReplicationLag.Lag(1, 0, 1));
    driver.reconcile(); // the spec change's reconcile: the checks pass and the next step starts
    driver.runUntilSettled(false);
    assertThat(driver.phase()).as(driver.persisted().getStatus().getMessage()).isEqualTo(MigrationPhase.Completed);
  }

  @Test
  void rollbackBeforeSwitchoverDeletesTheDeploymentKeepsGreenAndSaysWhatRemains() {
    strategy(MigrationStrategy.BlueGreen);
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    assertThat(driver.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    String green = driver.persisted().getStatus().getBlueGreen().getGreenClusterId();

    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    driver.persisted().getSpec().setRollback(rollback);
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.rds.count("deleteBlueGreenDeployment bgd-0000000000000001")).isEqualTo(1);
    assertThat(driver.rds.writes()).noneMatch(w -> w.startsWith("deleteBlueGreenDeployment") && w.endsWith("DeleteTarget"));
    assertThat(driver.rds.findCluster(green)).isPresent();
    assertThat(driver.rds.findCluster("source-orders")).get().satisfies(c -> assertThat(c.engineVersion()).isEqualTo("13.12"));
    assertThat(driver.persisted().getStatus().getMessage())
        .contains("green " + green + " kept")
        .contains("engine-mode conversion from Serverless v1 is one-way")
        .contains("source-orders-logical-aurora-postgresql13-6f1c2d3e");
    assertThat(driver.rds.count("switchoverBlueGreenDeployment")).isZero();
  }

  @Test
  void deploymentDeletedOutsideTheOperatorFailsTheStepAndRollsBackKeepingBothClusters() {
    strategy(MigrationStrategy.BlueGreen);
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    var bg = driver.persisted().getStatus().getBlueGreen();
    driver.rds.deleteBlueGreenDeployment(bg.getDeploymentId(), false);
    driver.persisted().getSpec().getCutover().setApproved(true);
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.step("Switchover").getState()).isEqualTo(StepState.Failed);
    assertThat(driver.step("Switchover").getMessage()).contains("no longer exists");
    assertThat(driver.rds.findCluster(bg.getGreenClusterId())).isPresent();
    assertThat(driver.rds.count("switchoverBlueGreenDeployment")).isZero();
  }

  private void assertExactlyOneDeploymentAndSwitchover() {
    assertThat(driver.rds.count("createBlueGreenDeployment")).isEqualTo(1);
    assertThat(driver.rds.count("switchoverBlueGreenDeployment")).isEqualTo(1);
  }
}
