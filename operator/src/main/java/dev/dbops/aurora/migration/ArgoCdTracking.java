package dev.dbops.aurora.migration;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import java.util.Optional;

/**
 * Whether Argo CD tracks an object: by the {@code argocd.argoproj.io/tracking-id} annotation (annotation
 * tracking, the default since Argo CD 3) or the {@code app.kubernetes.io/instance} label (label tracking).
 * A tracked object comes from Git, and with self-heal Argo CD writes Git's value back over the cutover's.
 */
final class ArgoCdTracking {
  static final String TRACKING_ANNOTATION = "argocd.argoproj.io/tracking-id";
  static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  private ArgoCdTracking() {}

  static Optional<String> of(ObjectMeta meta) {
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    if (annotations.containsKey(TRACKING_ANNOTATION)) {
      return Optional.of("annotation " + TRACKING_ANNOTATION + "=" + annotations.get(TRACKING_ANNOTATION));
    }
    if (labels.containsKey(INSTANCE_LABEL)) {
      return Optional.of("label " + INSTANCE_LABEL + "=" + labels.get(INSTANCE_LABEL));
    }
    return Optional.empty();
  }
}
