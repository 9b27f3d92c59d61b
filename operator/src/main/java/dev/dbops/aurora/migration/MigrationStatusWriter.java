package dev.dbops.aurora.migration;

import dev.dbops.aurora.migration.steps.CutoverApprovalStep;
import dev.dbops.aurora.migration.steps.HumanDuration;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the migration's progress into its status: the step list, phase, conditions and message. Status
 * is the migration's durable memory, so every transition goes through here and nowhere else.
 */
public final class MigrationStatusWriter {
  private final Conditions conditions;

  public MigrationStatusWriter(Conditions conditions) {
    this.conditions = conditions;
  }

  /** Lists every step as Pending on first sight, so users see the whole road ahead. */
  public void initialise(AuroraMigration migration, List<MigrationStep> steps) {
    if (migration.getStatus() == null) {
      migration.setStatus(new AuroraMigrationStatus());
    }
    AuroraMigrationStatus status = migration.getStatus();
    // A strategy resolved at preflight (Auto) runs other steps than first listed: those never started go.
    List<String> names = steps.stream().map(MigrationStep::name).toList();
    status.getSteps().removeIf(s -> s.getState() == StepState.Pending && !names.contains(s.getName()));
    for (MigrationStep step : steps) {
      if (entry(status, step.name()) == null) {
        StepStatus entry = new StepStatus();
        entry.setName(step.name());
        entry.setState(StepState.Pending);
        status.getSteps().add(entry);
      }
    }
    status.getSteps().sort(java.util.Comparator.comparingInt(s -> names.indexOf(s.getName()) < 0 ? names.size() : names.indexOf(s.getName())));
    if (status.getPhase() == null) {
      status.setPhase(MigrationPhase.Pending);
    }
    status.setObservedGeneration(migration.getMetadata().getGeneration());
  }

  public StepStatus entry(AuroraMigrationStatus status, String step) {
    return status.getSteps().stream().filter(s -> step.equals(s.getName())).findFirst().orElse(null);
  }

  public void started(AuroraMigration migration, String step, MigrationPhase phase, Instant now) {
    StepStatus entry = entry(migration.getStatus(), step);
    entry.setState(StepState.Running);
    entry.setStartedAt(now.toString());
    entry.setFinishedAt(null);
    entry.setMessage("started");
    migration.getStatus().setCurrentStep(step);
    migration.getStatus().setStepProgress(null);
    progressing(migration, phase, step + "Started", step + " started");
  }

  public void waiting(AuroraMigration migration, String step, String message, Map<String, String> resources) {
    StepStatus entry = entry(migration.getStatus(), step);
    entry.setMessage(message);
    entry.getResources().putAll(resources);
    if (CutoverApprovalStep.NAME.equals(step)) {
      migration.getStatus().setPhase(MigrationPhase.AwaitingCutover);
      set(migration, false, "AwaitingCutoverApproval", message, false, false);
      migration.getStatus().setMessage(message);
      return;
    }
    progressing(migration, migration.getStatus().getPhase(), step + "InProgress", message);
  }

  public void succeeded(AuroraMigration migration, String step, String message, Map<String, String> resources, Instant now) {
    StepStatus entry = entry(migration.getStatus(), step);
    entry.setState(StepState.Succeeded);
    migration.getStatus().setStepProgress(null);
    entry.setFinishedAt(now.toString());
    entry.setMessage(message);
    entry.getResources().putAll(resources);
  }

  /** The step had nothing to do: shown as Skipped, and counts as finished. */
  public void skipped(AuroraMigration migration, String step, String message, Instant now) {
    succeeded(migration, step, message, Map.of(), now);
    entry(migration.getStatus(), step).setState(StepState.Skipped);
  }

  public void stepFailed(AuroraMigration migration, String step, String message, Instant now) {
    StepStatus entry = entry(migration.getStatus(), step);
    entry.setState(StepState.Failed);
    migration.getStatus().setStepProgress(null);
    entry.setFinishedAt(now.toString());
    entry.setMessage(message);
  }

  /** A step that waits for a person's decision in spec: not ready, not progressing, degraded. */
  public void held(AuroraMigration migration, String step, String reason, String message) {
    StepStatus entry = entry(migration.getStatus(), step);
    entry.setMessage(message);
    migration.getStatus().setMessage(message);
    set(migration, false, reason, message, false, true);
  }

  /** A transient problem (throttling, a busy cluster, an unreachable database): the step will be retried. */
  public void retrying(AuroraMigration migration, String step, String reason, String message) {
    StepStatus entry = entry(migration.getStatus(), step);
    if (entry != null) {
      entry.setMessage("retrying: " + message);
    }
    migration.getStatus().setMessage("retrying " + step + ": " + message);
    set(migration, false, reason, "retrying " + step + ": " + message, true, true);
  }

  public void failed(AuroraMigration migration, String reason, String message) {
    migration.getStatus().setPhase(MigrationPhase.Failed);
    migration.getStatus().setMessage(message);
    set(migration, false, reason, message, false, true);
  }

  public void rollingBack(AuroraMigration migration, String reason, String message) {
    migration.getStatus().setPhase(MigrationPhase.RollingBack);
    migration.getStatus().setMessage(message);
    set(migration, false, reason, message, true, true);
  }

  public void rolledBack(AuroraMigration migration, String reason, String message) {
    migration.getStatus().setPhase(MigrationPhase.RolledBack);
    migration.getStatus().setCurrentStep(null);
    migration.getStatus().setMessage(message);
    set(migration, false, reason, message, false, true);
  }

  public void planned(AuroraMigration migration, List<String> plan) {
    migration.getStatus().setPlan(plan);
    migration.getStatus().setPhase(MigrationPhase.Planned);
    migration.getStatus().setCurrentStep(null);
    String message = "dry run: preflight passed and the plan is in status.plan; set dryRun: false to migrate";
    migration.getStatus().setMessage(message);
    set(migration, true, "DryRunComplete", message, false, false);
  }

  public void completed(AuroraMigration migration) {
    migration.getStatus().setPhase(MigrationPhase.Completed);
    migration.getStatus().setCurrentStep(null);
    String message = "migrated to " + migration.getStatus().getTarget().getIdentifier() + " ("
        + migration.getStatus().getTargetEngineVersion() + ")";
    migration.getStatus().setMessage(message);
    set(migration, true, "MigrationCompleted", message, false, false);
  }

  /**
   * A completed migration whose Secret or Service no longer points at the target: the phase stays
   * Completed (the migration itself is done), Ready turns False and Degraded True with the reason.
   */
  public void routingReverted(AuroraMigration migration, String reason, String message) {
    migration.getStatus().setMessage(message);
    set(migration, false, reason, message, false, true);
  }

  /** Back to the completed conditions once everything points at the target again. */
  public void routingRestored(AuroraMigration migration) {
    completed(migration);
  }

  /** Keeps the printer column "Read-only For" growing while the window is open. */
  public void refreshReadOnlyDuration(AuroraMigration migration, Instant now) {
    ReadOnlyWindowStatus window = migration.getStatus().getReadOnlyWindow();
    if (window != null && window.getStartedAt() != null && window.getEndedAt() == null) {
      window.setDuration(HumanDuration.format(Duration.between(Instant.parse(window.getStartedAt()), now)));
    }
  }

  private void progressing(AuroraMigration migration, MigrationPhase phase, String reason, String message) {
    migration.getStatus().setPhase(phase);
    migration.getStatus().setMessage(message);
    set(migration, false, reason, message, true, false);
  }

  private void set(AuroraMigration migration, boolean ready, String reason, String message, boolean progressing, boolean degraded) {
    var list = migration.getStatus().getConditions();
    Long generation = migration.getMetadata().getGeneration();
    conditions.set(list, Conditions.READY, ready, reason, message, generation);
    conditions.set(list, Conditions.PROGRESSING, progressing, reason, message, generation);
    conditions.set(list, Conditions.DEGRADED, degraded, reason, message, generation);
  }
}
