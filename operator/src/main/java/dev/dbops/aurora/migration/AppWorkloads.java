package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.WorkloadRef;
import java.util.List;
import java.util.Optional;

/**
 * The Deployments and StatefulSets that read the connection Secret: cutover restarts them the way
 * {@code kubectl rollout restart} does and watches their rollouts.
 */
public interface AppWorkloads {
  /** The pod-template annotation kubectl rollout restart sets. */
  String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** Names of the workloads the reference selects, sorted; empty when none exists. */
  List<String> resolve(String namespace, WorkloadRef ref);

  /**
   * Sets the restart annotation to {@code restartedAt}. Setting the value the template already carries
   * changes nothing, so a resumed cutover that patches again does not start a second rollout.
   *
   * @return false when the workload does not exist
   */
  boolean restart(String namespace, String kind, String name, String restartedAt);

  /** How the workload's rollout stands; empty when it does not exist. */
  Optional<RolloutProgress> progress(String namespace, String kind, String name);

  /** {@code complete} as kubectl rollout status would say it; {@code summary} says what is still missing. */
  record RolloutProgress(boolean complete, String summary) {}

  /** For contexts built without a Kubernetes client: any workload in spec is an error, not a silent skip. */
  static AppWorkloads unavailable() {
    return new AppWorkloads() {
      @Override
      public List<String> resolve(String namespace, WorkloadRef ref) {
        throw new IllegalStateException("no Kubernetes client to restart workloads with");
      }

      @Override
      public boolean restart(String namespace, String kind, String name, String restartedAt) {
        throw new IllegalStateException("no Kubernetes client to restart workloads with");
      }

      @Override
      public Optional<RolloutProgress> progress(String namespace, String kind, String name) {
        throw new IllegalStateException("no Kubernetes client to restart workloads with");
      }
    };
  }
}
