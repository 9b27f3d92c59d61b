package dev.dbops.aurora.migration;

import static dev.dbops.aurora.migration.LocalAuroraMigration.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.testing.MotoServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that ignores the read-only window writes to the real PostgreSQL 13 source after the snapshot
 * point, on the local Aurora (the target is restored from a whole-cluster snapshot and upgraded by
 * pg_upgrade). The migration must never complete with that row missing: it holds with the table named,
 * at either point of the window.
 */
@ExtendWith(MotoServer.class)
class WritesDuringTheReadOnlyWindowTest {
  private LocalAuroraMigration bed;
  private WorkflowRunner runner;

  @BeforeEach
  void sourceWithData() throws SQLException {
    bed = new LocalAuroraMigration();
  }

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void rowWrittenAfterTheSnapshotHoldsTheMigrationAtVerifyUntilRolledBack() throws SQLException {
    runner = bed.runner(migration(CutoverMode.Automatic));
    runner.runUntil(m -> stepSucceeded(m, "Snapshot"));
    long orderId = writeIgnoringReadOnly();

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).isEqualTo(MigrationPhase.Migrating);
    assertThat(stepState("Verify")).isEqualTo(StepState.Running);
    assertThat(ready().getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(ready().getMessage()).contains("shop.shop.orders (+1 inserted)").contains("sequences moved");
    assertThat(status.getWriteFence().getWrites()).anySatisfy(t -> assertThat(t.getTable()).isEqualTo("shop.orders"));
    assertThat(bed.routing.calls).isEmpty();
    assertThat(rowOnTarget(orderId)).as("the row the fence reports is indeed missing on the target").isFalse();

    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    runner.persisted.getSpec().setRollback(rollback);
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    assertThat(runner.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(bed.sourceReadOnly()).isFalse();
  }

  @Test
  void rowWrittenBetweenVerifyAndApprovalHoldsTheCutoverAndRepointsNothing() throws SQLException {
    runner = bed.runner(migration(CutoverMode.Manual));
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    assertThat(runner.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    assertThat(runner.persisted.getStatus().getWriteFence().getResult()).isEqualTo(WriteFenceResult.NoWritesDetected);
    assertObedientClientRefused();
    long orderId = writeIgnoringReadOnly();

    runner.persisted.getSpec().getCutover().setApproved(true);
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    assertThat(runner.phase()).isNotEqualTo(MigrationPhase.Completed);
    assertThat(stepState("Cutover")).isEqualTo(StepState.Running);
    assertThat(ready().getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(ready().getMessage()).contains("shop.shop.orders (+1 inserted)");
    assertThat(bed.routing.calls).isEmpty();
    assertThat(rowOnTarget(orderId)).isFalse();
  }

  /** What a client that ignores the window does: its own session turns read-only off, then it writes. */
  private long writeIgnoringReadOnly() throws SQLException {
    try (Connection app = bed.sourceAsApp(); Statement s = app.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      var rs = s.executeQuery("INSERT INTO shop.orders (customer_id, ordered_at) "
          + "SELECT min(id), now() FROM shop.customers RETURNING id");
      rs.next();
      return rs.getLong(1);
    }
  }

  private void assertObedientClientRefused() throws SQLException {
    try (Connection app = bed.sourceAsApp(); Statement s = app.createStatement()) {
      assertThatThrownBy(() -> s.execute("DELETE FROM shop.order_items"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
  }

  private boolean rowOnTarget(long orderId) throws SQLException {
    try (Connection c = bed.target(DATABASE); Statement s = c.createStatement()) {
      return s.executeQuery("SELECT 1 FROM shop.orders WHERE id = " + orderId).next();
    }
  }

  private static boolean stepSucceeded(AuroraMigration m, String step) {
    return m.getStatus() != null && m.getStatus().getSteps().stream()
        .anyMatch(s -> s.getName().equals(step) && s.getState() == StepState.Succeeded);
  }

  private StepState stepState(String step) {
    return runner.persisted.getStatus().getSteps().stream().filter(s -> s.getName().equals(step)).findFirst().orElseThrow().getState();
  }

  private io.fabric8.kubernetes.api.model.Condition ready() {
    return runner.persisted.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  private static AuroraMigration migration(CutoverMode mode) {
    AuroraMigration m = LocalAuroraMigration.migration();
    m.getSpec().getCutover().setMode(mode);
    return m;
  }
}
