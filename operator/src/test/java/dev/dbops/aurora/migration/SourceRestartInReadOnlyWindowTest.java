package dev.dbops.aurora.migration;

import static dev.dbops.aurora.migration.LocalAuroraMigration.SOURCE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.migration.steps.SnapshotStep;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.model.migration.WriteFenceStatus;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;

/**
 * The source's PostgreSQL restarts in the read-only window, after the snapshot and before Verify: an Aurora
 * failover (immediate stop, statistics lost) or a clean reboot. The operator reconnects on its next SQL
 * call, and the write fence must not claim "no writes": its proof is the source's write counters read
 * continuously from the baseline on, and a restart breaks that continuity.
 */
@ExtendWith(MotoServer.class)
class SourceRestartInReadOnlyWindowTest {
  private LocalAuroraMigration bed;

  @BeforeEach
  void start() throws SQLException {
    bed = new LocalAuroraMigration();
  }

  @AfterEach
  void close() {
    bed.close();
  }

  /**
   * After an immediate stop PostgreSQL discards its statistics: the counters start again from zero, so
   * writes made between the baseline and the crash vanish from them, and a reading could equal the
   * baseline by accident. The fence sees the new start time and holds as WritesUnprovable.
   */
  @Test
  void failoverOfTheSourceAfterTheSnapshotHoldsAsWritesUnprovableUntilAcceptedThenCompletesOnce() {
    WorkflowRunner runner = restartSourceAfterSnapshot(true);

    assertHeldAsUnprovableBecauseTheSourceRestarted(runner);
    assertThat(runner.persisted.getStatus().getWriteFence().getUnprovableReason())
        .as("the crash discarded the statistics").contains("statistics of shop were reset");
    acceptAndComplete(runner);
  }

  /**
   * A fast shutdown writes the statistics and PostgreSQL 13 (and 15) reads them back at start, so here the
   * counters are in fact continuous. The fence still holds: all it can see from SQL is a new
   * pg_postmaster_start_time, the same sign an immediate stop leaves, and it cannot tell the two apart.
   * Holding on a clean restart costs a person one decision; passing on a failover would lose writes.
   */
  @Test
  void cleanRestartOfTheSourceAfterTheSnapshotHoldsAsWell() {
    WorkflowRunner runner = restartSourceAfterSnapshot(false);

    assertHeldAsUnprovableBecauseTheSourceRestarted(runner);
    assertThat(runner.persisted.getStatus().getWriteFence().getUnprovableReason())
        .as("the statistics survived the clean shutdown; only the restart itself is in doubt")
        .doesNotContain("were reset");
    acceptAndComplete(runner);
  }

  private WorkflowRunner restartSourceAfterSnapshot(boolean immediate) {
    WorkflowRunner runner = bed.runner(LocalAuroraMigration.migration());
    runner.runUntil(m -> succeeded(m, SnapshotStep.NAME));
    String startedBefore = runner.persisted.getStatus().getWriteFence().getSourceStartedAt();

    bed.aurora.restart(SOURCE, immediate);

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    assertThat(runner.persisted.getStatus().getWriteFence().getSourceStartedAt())
        .as("baseline's start time is the one before the restart").isEqualTo(startedBefore);
    return runner;
  }

  private void assertHeldAsUnprovableBecauseTheSourceRestarted(WorkflowRunner runner) {
    var status = runner.persisted.getStatus();
    assertThat(runner.held()).as("held for a decision; status: " + status.getMessage()).isTrue();
    WriteFenceStatus fence = status.getWriteFence();
    assertThat(fence.getResult()).isEqualTo(WriteFenceResult.Unprovable);
    assertThat(fence.getUnprovableReason()).contains("the source restarted");
    assertThat(status.getMessage()).contains("cannot prove that no write reached the source", "the source restarted",
        "spec.cutover.acceptWritesAfterSnapshot");
    assertThat(bed.sourceReadOnly()).as("the source stays read-only while held").isTrue();
    assertThat(bed.routing.calls).as("nothing repointed").isEmpty();
  }

  private void acceptAndComplete(WorkflowRunner runner) {
    AuroraMigration migration = runner.persisted;
    migration.getSpec().getCutover().setAcceptWritesAfterSnapshot(true);
    runner.runUntil(m -> m.getStatus().getPhase() == MigrationPhase.Completed);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(status.getSteps()).extracting(StepStatus::getState).containsOnly(StepState.Succeeded);
    assertThat(status.getWriteFence().getAcceptedAt()).isNotNull();
    assertThat(bed.snapshots()).extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier).hasSize(1);
    assertThat(bed.rds.describeDBClusters().dbClusters()).extracting(c -> c.dbClusterIdentifier())
        .containsExactlyInAnyOrder(SOURCE, TARGET);
    LocalAurora aurora = bed.aurora;
    assertThat(aurora.log()).filteredOn(l -> l.contains(" snapshot ") && l.contains(" took ")).hasSize(1);
    assertThat(aurora.log()).filteredOn(l -> l.contains("restored cluster ")).hasSize(1);
    assertThat(aurora.log()).filteredOn(l -> l.contains("restarted cluster " + SOURCE)).hasSize(1);
  }

  private static boolean succeeded(AuroraMigration m, String step) {
    return m.getStatus() != null && m.getStatus().getSteps().stream()
        .anyMatch(s -> s.getName().equals(step) && s.getState() == StepState.Succeeded);
  }
}
