package dev.dbops.aurora.migration;

import dev.dbops.aurora.cluster.ClusterEvents;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns what one reconcile changed in a migration's status into Events: one per step whose state changed,
 * a Warning for each new error message, and one for a change of phase. Comparing snapshots of status
 * keeps the steps themselves free of event code.
 */
final class StepEvents {
  private final ClusterEvents events;

  StepEvents(ClusterEvents events) {
    this.events = events;
  }

  /** What status looked like before the reconcile. */
  record Snapshot(Map<String, StepState> steps, MigrationPhase phase, String message, int sourceRestarts) {
    static Snapshot of(AuroraMigrationStatus status) {
      Map<String, StepState> steps = new LinkedHashMap<>();
      if (status != null && status.getSteps() != null) {
        status.getSteps().forEach(s -> steps.put(s.getName(), s.getState()));
      }
      return new Snapshot(steps, status == null ? null : status.getPhase(), status == null ? null : status.getMessage(),
          restartsSeen(status));
    }
  }

  private static int restartsSeen(AuroraMigrationStatus status) {
    return status == null || status.getSourceRetirement() == null || status.getSourceRetirement().getRestartsSeen() == null
        ? 0
        : status.getSourceRetirement().getRestartsSeen();
  }

  void record(AuroraMigration migration, Snapshot before) {
    AuroraMigrationStatus status = migration.getStatus();
    if (status == null) {
      return;
    }
    for (StepStatus step : status.getSteps()) {
      StepState previous = before.steps().get(step.getName());
      if (step.getState() != null && step.getState() != previous && step.getState() != StepState.Pending) {
        String message = step.getName() + " " + step.getState().toString().toLowerCase()
            + (step.getMessage() == null || step.getMessage().isBlank() ? "" : ": " + step.getMessage());
        if (step.getState() == StepState.Failed) {
          events.warning(migration, "StepFailed", message);
        } else {
          events.normal(migration, "Step" + step.getState(), message);
        }
      }
    }
    if (restartsSeen(status) > before.sourceRestarts()) {
      events.warning(migration, "SourceRestarted", "source " + migration.getSpec().getSource().getClusterIdentifier()
          + " was running again (AWS starts a stopped cluster after 7 days); stopped it again (restart "
          + restartsSeen(status) + " seen); sourceRetirement.action: Delete retires it for good after a final snapshot");
    }
    String message = status.getMessage();
    boolean newMessage = message != null && !message.equals(before.message());
    if (status.getPhase() != before.phase() && status.getPhase() != null) {
      boolean bad = status.getPhase() == MigrationPhase.Failed || status.getPhase() == MigrationPhase.RollingBack;
      String text = "phase " + status.getPhase() + (message == null ? "" : ": " + message);
      if (bad) {
        events.warning(migration, String.valueOf(status.getPhase()), text);
      } else {
        events.normal(migration, String.valueOf(status.getPhase()), text);
      }
    } else if (newMessage && message.startsWith("retrying ")) {
      events.warning(migration, "Retrying", message);
    } else if (newMessage && heldReason(status) != null) {
      // Held for a person's decision (write fence, failing statements): the phase stays, so say it here.
      events.warning(migration, heldReason(status), message);
    }
  }

  /** The reason of a hold: not progressing and degraded, as MigrationStatusWriter.held leaves the conditions. */
  private static String heldReason(AuroraMigrationStatus status) {
    if (status.getConditions() == null) {
      return null;
    }
    var progressing = status.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst();
    var degraded = status.getConditions().stream().filter(c -> "Degraded".equals(c.getType())).findFirst();
    if (progressing.isPresent() && degraded.isPresent() && "False".equals(progressing.get().getStatus())
        && "True".equals(degraded.get().getStatus())) {
      return degraded.get().getReason();
    }
    return null;
  }
}
