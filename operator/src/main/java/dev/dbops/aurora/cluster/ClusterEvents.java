package dev.dbops.aurora.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the operator did to AWS as core/v1 Events on the resource, so {@code kubectl describe dbc}
 * (or {@code amig}) tells the story. Messages are built from identifiers and AWS codes only, never from secrets.
 *
 * <p>A repeat of an event this process recorded (same object, type, reason and message) bumps that
 * Event's count and last timestamp instead of adding another, as kubelet's event correlator does, so a
 * failure met on every retry is one line with a count, not hundreds of Events.
 */
public class ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
  /** Enough for every resource's recent distinct events; the oldest are forgotten first. */
  private static final int REMEMBERED = 2000;

  private final KubernetesClient client;
  private final Map<Key, String> recorded = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
      return size() > REMEMBERED;
    }
  });

  private record Key(String namespace, String uid, String name, String type, String reason, String message) {}

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
    String namespace = resource.getMetadata().getNamespace();
    Key key = new Key(namespace, resource.getMetadata().getUid(), resource.getMetadata().getName(), type, reason,
        message);
    String now = Instant.now().toString();
    try {
      String existing = recorded.get(key);
      if (existing != null && bump(namespace, existing, now)) {
        return;
      }
      String name = resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13);
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(resource.getMetadata().getName())
              .withNamespace(namespace)
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
      recorded.put(key, name);
    } catch (RuntimeException e) {
      // An event is a courtesy; failing to write one must not fail the reconcile.
      LOG.debug("could not record event {}: {}", reason, e.getMessage());
    }
  }

  /** Counts one more occurrence on the Event recorded before; false when it is gone (events expire). */
  private boolean bump(String namespace, String name, String now) {
    try {
      Event bumped = client.v1().events().inNamespace(namespace).withName(name).edit(e -> {
        e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
        e.setLastTimestamp(now);
        return e;
      });
      return bumped != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
