package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Restarts and watches Deployments and StatefulSets through the Kubernetes API. Completion follows the
 * rules of {@code kubectl rollout status}: the controller has seen the latest generation, every replica
 * runs the new template, no old replica is left, and the new ones are available (Deployment) or ready
 * on the update revision (StatefulSet). Reads only the workload itself, never its pods or ReplicaSets.
 */
public final class KubernetesAppWorkloads implements AppWorkloads {
  private final KubernetesClient client;

  public KubernetesAppWorkloads(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<String> resolve(String namespace, WorkloadRef ref) {
    if (ref.getName() != null) {
      return progress(namespace, ref.getKind(), ref.getName()).isPresent() ? List.of(ref.getName()) : List.of();
    }
    Map<String, String> labels = ref.getMatchLabels() == null ? Map.of() : ref.getMatchLabels();
    List<? extends HasMetadata> items = isDeployment(ref.getKind())
        ? client.apps().deployments().inNamespace(namespace).withLabels(labels).list().getItems()
        : client.apps().statefulSets().inNamespace(namespace).withLabels(labels).list().getItems();
    return items.stream().map(w -> w.getMetadata().getName()).sorted().toList();
  }

  @Override
  public boolean restart(String namespace, String kind, String name, String restartedAt) {
    if (progress(namespace, kind, name).isEmpty()) {
      return false;
    }
    // A merge patch of one annotation: other template annotations and fields stay as their owner set them.
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT + "\":\""
        + restartedAt + "\"}}}}}";
    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
    if (isDeployment(kind)) {
      client.apps().deployments().inNamespace(namespace).withName(name).patch(merge, patch);
    } else {
      client.apps().statefulSets().inNamespace(namespace).withName(name).patch(merge, patch);
    }
    return true;
  }

  @Override
  public Optional<RolloutProgress> progress(String namespace, String kind, String name) {
    if (isDeployment(kind)) {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      return Optional.ofNullable(d).map(KubernetesAppWorkloads::deploymentProgress);
    }
    StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(s).map(KubernetesAppWorkloads::statefulSetProgress);
  }

  static RolloutProgress deploymentProgress(Deployment d) {
    DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    long observed = status.getObservedGeneration() == null ? -1 : status.getObservedGeneration();
    int updated = orZero(status.getUpdatedReplicas());
    int total = orZero(status.getReplicas());
    int available = orZero(status.getAvailableReplicas());
    if (observed < generation) {
      return new RolloutProgress(false, "waiting for the deployment controller to see generation " + generation);
    }
    boolean deadline = status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()));
    String stalled = deadline ? " (Kubernetes reports ProgressDeadlineExceeded)" : "";
    if (updated < wanted) {
      return new RolloutProgress(false, updated + " of " + wanted + " replicas updated" + stalled);
    }
    if (total > updated) {
      return new RolloutProgress(false, (total - updated) + " old replicas pending termination" + stalled);
    }
    if (available < updated) {
      return new RolloutProgress(false, available + " of " + updated + " updated replicas available" + stalled);
    }
    return new RolloutProgress(true, updated + " of " + wanted + " replicas updated and available");
  }

  static RolloutProgress statefulSetProgress(StatefulSet s) {
    StatefulSetStatus status = s.getStatus() == null ? new StatefulSetStatus() : s.getStatus();
    int wanted = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    long generation = s.getMetadata().getGeneration() == null ? 0 : s.getMetadata().getGeneration();
    long observed = status.getObservedGeneration() == null ? -1 : status.getObservedGeneration();
    String strategy = s.getSpec().getUpdateStrategy() == null || s.getSpec().getUpdateStrategy().getType() == null
        ? "RollingUpdate" : s.getSpec().getUpdateStrategy().getType();
    if (!"RollingUpdate".equals(strategy)) {
      // OnDelete: a template change restarts nothing, so waiting would only end in the timeout.
      return new RolloutProgress(false, "updateStrategy " + strategy + " does not restart pods on a template change");
    }
    if (observed < generation) {
      return new RolloutProgress(false, "waiting for the statefulset controller to see generation " + generation);
    }
    int updated = orZero(status.getUpdatedReplicas());
    int ready = orZero(status.getReadyReplicas());
    if (updated < wanted) {
      return new RolloutProgress(false, updated + " of " + wanted + " pods updated");
    }
    if (ready < wanted) {
      return new RolloutProgress(false, ready + " of " + wanted + " pods ready");
    }
    if (!Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())) {
      return new RolloutProgress(false, "waiting for revision " + status.getUpdateRevision() + " to become current");
    }
    return new RolloutProgress(true, ready + " of " + wanted + " pods updated and ready");
  }

  private static boolean isDeployment(String kind) {
    return "Deployment".equals(kind);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
