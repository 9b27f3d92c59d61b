package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.cluster.ClusterEvents;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.SourceRetirementStatus;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepEventsTest {
  final List<String> recorded = new ArrayList<>();
  final ClusterEvents events = new ClusterEvents(null) {
    @Override
    public void normal(HasMetadata resource, String reason, String message) {
      recorded.add("Normal " + reason + " " + message);
    }

    @Override
    public void warning(HasMetadata resource, String reason, String message) {
      recorded.add("Warning " + reason + " " + message);
    }
  };
  final AuroraMigration migration = MigrationDriver.migration();

  StepStatus step(String name, StepState state, String message) {
    StepStatus step = new StepStatus();
    step.setName(name);
    step.setState(state);
    step.setMessage(message);
    return step;
  }

  @Test
  void recordsEachStepChangeEachPhaseChangeAndEachNewRetryMessage() {
    AuroraMigrationStatus status = new AuroraMigrationStatus();
    status.setPhase(MigrationPhase.Migrating);
    status.setSteps(new ArrayList<>(List.of(step("Snapshot", StepState.Running, null), step("Restore", StepState.Pending, null))));
    migration.setStatus(status);
    StepEvents.Snapshot before = StepEvents.Snapshot.of(status);

    status.getSteps().set(0, step("Snapshot", StepState.Succeeded, "snapshot taken"));
    status.getSteps().set(1, step("Restore", StepState.Running, null));
    new StepEvents(events).record(migration, before);
    assertThat(recorded).containsExactly("Normal StepSucceeded Snapshot succeeded: snapshot taken",
        "Normal StepRunning Restore running");

    recorded.clear();
    before = StepEvents.Snapshot.of(status);
    status.setMessage("retrying Restore: ThrottlingException: slow down");
    new StepEvents(events).record(migration, before);
    new StepEvents(events).record(migration, StepEvents.Snapshot.of(status));
    assertThat(recorded).containsExactly("Warning Retrying retrying Restore: ThrottlingException: slow down");

    recorded.clear();
    before = StepEvents.Snapshot.of(status);
    status.getSteps().set(1, step("Restore", StepState.Failed, "InvalidParameterValue"));
    status.setPhase(MigrationPhase.Failed);
    status.setMessage("Restore failed: InvalidParameterValue");
    new StepEvents(events).record(migration, before);
    assertThat(recorded).containsExactly("Warning StepFailed Restore failed: InvalidParameterValue",
        "Warning Failed phase Failed: Restore failed: InvalidParameterValue");
  }

  @Test
  void warnsEachTimeTheStoppedSourceWasFoundRunningAndStoppedAgain() {
    AuroraMigrationStatus status = new AuroraMigrationStatus();
    status.setPhase(MigrationPhase.Completed);
    SourceRetirementStatus retirement = new SourceRetirementStatus();
    retirement.setStoppedAt("2026-11-26T10:00:00Z");
    status.setSourceRetirement(retirement);
    migration.setStatus(status);
    StepEvents.Snapshot before = StepEvents.Snapshot.of(status);

    retirement.setRestartsSeen(1);
    new StepEvents(events).record(migration, before);
    new StepEvents(events).record(migration, StepEvents.Snapshot.of(status));

    assertThat(recorded).singleElement().asString()
        .startsWith("Warning SourceRestarted source source-orders was running again (AWS starts a stopped cluster after 7 days)")
        .contains("restart 1 seen");
  }

  @Test
  void warnsOnceWhenAStepHoldsForAPersonsDecision() {
    AuroraMigrationStatus status = new AuroraMigrationStatus();
    status.setPhase(MigrationPhase.Migrating);
    status.setSteps(new ArrayList<>(List.of(step("StatementCheck", StepState.Running, null))));
    migration.setStatus(status);
    StepEvents.Snapshot before = StepEvents.Snapshot.of(status);

    new MigrationStatusWriter(new dev.dbops.aurora.status.Conditions(java.time.Clock.systemUTC()))
        .held(migration, "StatementCheck", "StatementsFailOnTarget", "1 statement(s) the applications run fail on the target");
    new StepEvents(events).record(migration, before);
    new StepEvents(events).record(migration, StepEvents.Snapshot.of(status));

    assertThat(recorded).containsExactly(
        "Warning StatementsFailOnTarget 1 statement(s) the applications run fail on the target");
  }
}
