package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.model.migration.TargetDisposition;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A requested rollback that deletes the target, when it keeps a target whose deletion protection it did not
 * set, and what becomes of the parameter groups the migration made for the target.
 */
class MigrationRollbackTest {
  private static final String PG14_COPY = "orders-v2-aurora-postgresql14-6f1c2d3e";
  private static final String PG15_COPY = "orders-v2-aurora-postgresql15-6f1c2d3e";

  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void requestedRollbackDeletesTargetAfterFinalSnapshotWhenAsked() {
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    requestRollback(TargetDisposition.Delete);

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

  @Test
  void rollbackThatDeletesTheTargetDeletesTheParameterGroupsTheMigrationMadeAndNoOther() {
    sourceHasItsOwnParameterGroup();
    driver.rds.addClusterParameterGroup("orders-v2-aurora-postgresql15-custom", "aurora-postgresql15", Map.of("timezone", "UTC"));
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo(PG15_COPY);
    // Entries whose names this migration did not derive, as a hand-edited or foreign status could hold.
    List<CarriedParameterGroup> carried = driver.persisted().getStatus().getParameterGroups().getCarried();
    carried.add(carried("aurora-postgresql13", "orders-pg13"));
    carried.add(carried("aurora-postgresql15", "default.aurora-postgresql15"));
    carried.add(carried("aurora-postgresql15", "orders-v2-aurora-postgresql15-custom"));

    requestRollback(TargetDisposition.Delete);
    rollBack();

    assertThat(driver.rds.writes()).containsSubsequence(
        "deleteCluster orders-v2 snapshot=orders-v2-rollback-6f1c2d3e",
        "deleteClusterParameterGroup " + PG14_COPY);
    assertThat(driver.rds.writes()).filteredOn(w -> w.startsWith("deleteClusterParameterGroup"))
        .containsExactlyInAnyOrder("deleteClusterParameterGroup " + PG14_COPY, "deleteClusterParameterGroup " + PG15_COPY);
    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNull();
    assertThat(driver.rds.parameterGroup(PG15_COPY)).isNull();
    assertThat(driver.rds.parameterGroup("orders-pg13")).isNotNull();
    assertThat(driver.rds.parameterGroup("orders-v2-aurora-postgresql15-custom")).isNotNull();
    assertThat(driver.rds.clusterParameterGroupFamily("default.aurora-postgresql15")).isPresent();
    assertThat(driver.persisted().getStatus().getRollback().getActions())
        .anyMatch(a -> a.startsWith("parameter groups removed: ") && a.contains(PG14_COPY) && a.contains(PG15_COPY));
    assertThat(driver.persisted().getStatus().getMessage()).contains("parameter groups removed: ");
  }

  @Test
  void rollbackThatKeepsTheTargetKeepsItsParameterGroupsAndSaysSo() {
    sourceHasItsOwnParameterGroup();
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);

    requestRollback(TargetDisposition.Keep);
    rollBack();

    assertThat(driver.rds.count("deleteClusterParameterGroup")).isZero();
    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNotNull();
    assertThat(driver.rds.parameterGroup(PG15_COPY)).isNotNull();
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo(PG15_COPY);
    assertThat(driver.persisted().getStatus().getMessage())
        .contains("target kept: orders-v2")
        .contains("parameter groups kept: " + PG14_COPY + ", " + PG15_COPY);
  }

  @Test
  void rollbackInterruptedByCrashesDeletesEachParameterGroupOnce() {
    sourceHasItsOwnParameterGroup();
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);

    requestRollback(TargetDisposition.Delete);
    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.rds.count("deleteClusterParameterGroup " + PG14_COPY)).isEqualTo(1);
    assertThat(driver.rds.count("deleteClusterParameterGroup " + PG15_COPY)).isEqualTo(1);
    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNull();
    assertThat(driver.rds.parameterGroup(PG15_COPY)).isNull();
    assertThat(driver.rds.parameterGroup("orders-pg13")).isNotNull();
  }

  @Test
  void aCarriedGroupAnotherClusterStillUsesIsRetriedUntilItIsFree() {
    sourceHasItsOwnParameterGroup();
    driver.persisted().getSpec().getCutover().setMode(CutoverMode.Manual);
    driver.runUntilSettled(false);
    driver.rds.addExistingCluster("reporting", "14.12", Map.of());
    driver.rds.setParameterGroup("reporting", PG14_COPY);

    requestRollback(TargetDisposition.Delete);
    for (int i = 0; i < 60; i++) {
      driver.reconcile();
    }

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RollingBack);
    assertThat(driver.rds.clusterIds()).doesNotContain("orders-v2");
    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNotNull();
    assertThat(driver.persisted().getStatus().getMessage()).contains(PG14_COPY);

    driver.rds.setParameterGroup("reporting", "default.aurora-postgresql14");
    rollBack();

    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNull();
    assertThat(driver.rds.parameterGroup(PG15_COPY)).isNull();
    assertThat(driver.rds.clusterIds()).contains("reporting");
  }

  /** As in MigrationParameterGroupsTest: a source with its own group, carried into 14 and 15. */
  private void sourceHasItsOwnParameterGroup() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13",
        Map.of("timezone", "Europe/Berlin", "log_min_duration_statement", "500"));
    driver.rds.setParameterGroup("source-orders", "orders-pg13");
  }

  private static CarriedParameterGroup carried(String family, String group) {
    CarriedParameterGroup g = new CarriedParameterGroup();
    g.setFamily(family);
    g.setGroup(group);
    return g;
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
}
