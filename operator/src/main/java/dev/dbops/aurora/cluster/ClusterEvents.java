package dev.dbops.aurora.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the operator did to AWS as core/v1 Events on the resource, so {@code kubectl describe dbc}
 * (or {@code amig}) tells the story. Messages are built from identifiers and AWS codes only, never from secrets.
 */
public class ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
  private final KubernetesClient client;

  public ClusterEvents(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    LOG.info("{}/{}: {} {}", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), reason, message);
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(resource.getMetadata().getNamespace())
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(resource.getMetadata().getName())
              .withNamespace(resource.getMetadata().getNamespace())
              .withUid(resource.getMetadata().getUid())
              .build())
          .withType(type)
          .withReason(reason)
          .withMessage(message)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .withNewSource("aurora-operator", null)
          .build()).create();
    } catch (RuntimeException e) {
      // An event is a courtesy; failing to write one must not fail the reconcile.
      LOG.debug("could not record event {}: {}", reason, e.getMessage());
    }
  }
}
