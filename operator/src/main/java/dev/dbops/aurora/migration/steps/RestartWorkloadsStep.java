package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.AppWorkloads;
import dev.dbops.aurora.migration.AppWorkloads.RolloutProgress;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.AppsCutoverStatus;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.WorkloadRef;
import dev.dbops.aurora.model.migration.WorkloadRolloutStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After the Secret and Service point at the target: restarts each workload in spec.cutover.workloads as
 * {@code kubectl rollout restart} does, so pods that took the Secret through env read the new host and
 * pools reconnect, then waits for every rollout.
 *
 * <p>Idempotent across restarts of the operator: the workload list is resolved once and each annotation
 * value recorded in status before the patch; a resumed step patches the same value (no second rollout).
 *
 * <p>A rollout past its timeout holds the migration (Degraded, reason RolloutTimedOut, the workloads
 * named) instead of failing it or moving on: the old pods may still read from the source, so the source
 * is neither drained nor retired. Each later look re-reads the rollout, so fixing the workload (or
 * removing it from the spec) lets the migration go on by itself.
 */
public final class RestartWorkloadsStep implements MigrationStep {
  public static final String NAME = "RestartWorkloads";
  static final int DEFAULT_TIMEOUT_SECONDS = 600;
  static final Duration POLL = Duration.ofSeconds(5);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    try {
      return restartAndWatch(ctx);
    } catch (KubernetesClientException e) {
      // Forbidden (RBAC), conflicts, an API server away: status keeps what was done, so the next look resumes.
      return StepResult.waiting("Kubernetes API refused or failed (" + e.getCode() + "): "
          + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage())
          + "; retrying", ctx.timings().retryBackoff());
    }
  }

  private StepResult restartAndWatch(MigrationContext ctx) {
    CutoverSpec spec = cutover(ctx);
    if (spec.getWorkloads().isEmpty()) {
      return StepResult.done("no workloads to restart (spec.cutover.workloads is empty)");
    }
    AppsCutoverStatus apps = ctx.status().apps();
    String namespace = ctx.migration().getMetadata().getNamespace();
    if (apps.getWorkloads() == null) {
      // Resolved and recorded before any patch, so a resumed step restarts exactly these, with these values.
      apps.setWorkloads(resolve(ctx, spec, namespace));
      return StepResult.waiting("restarting " + names(apps.getWorkloads()), ctx.timings().nextStep());
    }
    List<WorkloadRolloutStatus> entries = keptInSpec(apps.getWorkloads(), spec);
    Duration timeout = Duration.ofSeconds(spec.getRolloutTimeoutSeconds() == null
        ? DEFAULT_TIMEOUT_SECONDS : spec.getRolloutTimeoutSeconds());
    for (WorkloadRolloutStatus entry : entries) {
      advance(ctx, namespace, entry, timeout);
    }
    List<WorkloadRolloutStatus> notFound = withState(entries, "NotFound");
    if (!notFound.isEmpty()) {
      return StepResult.held("WorkloadNotFound", names(notFound) + " not found in namespace " + namespace
          + "; the Secret and Service already point at the target. Create it or remove it from spec.cutover.workloads;"
          + " the source is kept as it is (not drained, not retired) until then.");
    }
    List<WorkloadRolloutStatus> timedOut = withState(entries, "TimedOut");
    List<WorkloadRolloutStatus> running = withState(entries, "Restarting");
    if (!timedOut.isEmpty() && running.isEmpty()) {
      return StepResult.held("RolloutTimedOut", "rollout of " + describe(timedOut) + " did not finish within "
          + timeout.toSeconds() + "s; the Secret and Service already point at the target, the source is kept as it is"
          + " (not drained, not retired) while old pods may still use it. Fix the workload (the operator looks again"
          + " every 10 minutes and on any spec change) or remove it from spec.cutover.workloads.");
    }
    if (!running.isEmpty() || !withState(entries, "Pending").isEmpty()) {
      return StepResult.waiting("waiting for rollout of " + describe(running), POLL);
    }
    return StepResult.done("restarted and rolled out " + names(entries));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    List<String> lines = new ArrayList<>();
    for (WorkloadRef ref : cutover(ctx).getWorkloads()) {
      String target = ref.getName() != null ? ref.getName() : "matching " + ref.getMatchLabels();
      lines.add("kubernetes: patch " + ref.getKind() + " " + target + " pod template annotation "
          + AppWorkloads.RESTARTED_AT + ", wait for the rollout");
    }
    return lines;
  }

  private static void advance(MigrationContext ctx, String namespace, WorkloadRolloutStatus entry, Duration timeout) {
    AppWorkloads workloads = ctx.workloads();
    if ("Pending".equals(entry.getState()) || "NotFound".equals(entry.getState())) {
      if (!workloads.restart(namespace, entry.getKind(), entry.getName(), entry.getRestartedAt())) {
        entry.setState("NotFound");
        entry.setMessage(entry.getKind() + " " + entry.getName() + " not found");
        return;
      }
      entry.setState("Restarting");
      entry.setPatchedAt(ctx.now().toString());
      entry.setMessage("restart annotation set");
      return;
    }
    if ("RolledOut".equals(entry.getState())) {
      return;
    }
    Optional<RolloutProgress> progress = workloads.progress(namespace, entry.getKind(), entry.getName());
    if (progress.isEmpty()) {
      entry.setState("NotFound");
      entry.setMessage(entry.getKind() + " " + entry.getName() + " was deleted during its rollout");
      return;
    }
    entry.setMessage(progress.get().summary());
    if (progress.get().complete()) {
      entry.setState("RolledOut");
      entry.setFinishedAt(ctx.now().toString());
    } else if ("Restarting".equals(entry.getState())
        && ctx.now().isAfter(Instant.parse(entry.getPatchedAt()).plus(timeout))) {
      entry.setState("TimedOut");
      entry.setFinishedAt(ctx.now().toString());
    }
  }

  private static List<WorkloadRolloutStatus> resolve(MigrationContext ctx, CutoverSpec spec, String namespace) {
    // One value for all: the restart a person can find in every workload's history.
    String restartedAt = ctx.now().toString();
    List<WorkloadRolloutStatus> entries = new ArrayList<>();
    for (WorkloadRef ref : spec.getWorkloads()) {
      List<String> found = ctx.workloads().resolve(namespace, ref);
      List<String> names = ref.getName() != null && found.isEmpty() ? List.of(ref.getName()) : found;
      for (String name : names) {
        if (entries.stream().anyMatch(e -> e.getKind().equals(ref.getKind()) && e.getName().equals(name))) {
          continue;
        }
        WorkloadRolloutStatus entry = new WorkloadRolloutStatus();
        entry.setKind(ref.getKind());
        entry.setName(name);
        entry.setRestartedAt(restartedAt);
        entry.setState("Pending");
        entries.add(entry);
      }
    }
    return entries;
  }

  /** A workload the person took out of the spec (the way past a timeout) is no longer waited for. */
  private static List<WorkloadRolloutStatus> keptInSpec(List<WorkloadRolloutStatus> entries, CutoverSpec spec) {
    return entries.stream().filter(e -> spec.getWorkloads().stream().anyMatch(ref -> ref.getKind().equals(e.getKind())
        && (ref.getName() == null || ref.getName().equals(e.getName())))).toList();
  }

  private static List<WorkloadRolloutStatus> withState(List<WorkloadRolloutStatus> entries, String state) {
    return entries.stream().filter(e -> state.equals(e.getState())).toList();
  }

  private static String names(List<WorkloadRolloutStatus> entries) {
    if (entries.isEmpty()) {
      return "no workload (no match for spec.cutover.workloads)";
    }
    return String.join(", ", entries.stream().map(e -> e.getKind() + " " + e.getName()).toList());
  }

  private static String describe(List<WorkloadRolloutStatus> entries) {
    return String.join(", ", entries.stream()
        .map(e -> e.getKind() + " " + e.getName() + " (" + e.getMessage() + ")").toList());
  }

  private static CutoverSpec cutover(MigrationContext ctx) {
    return ctx.spec().getCutover() == null ? new CutoverSpec() : ctx.spec().getCutover();
  }
}
