package dev.dbops.aurora.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;

/**
 * Decides whether a reconcile writes status: only when the status it computed differs from the one it
 * was given. A resync of a cluster where nothing changed then sends no request to the API server, which
 * at fleet size is most of the operator's traffic.
 */
final class StatusChange {
  private final JsonNode observed;

  private StatusChange(JsonNode observed) {
    this.observed = observed;
  }

  /** Taken before the reconcile touches the status. */
  static StatusChange from(DatabaseCluster resource) {
    return new StatusChange(asTree(resource));
  }

  boolean changed(DatabaseCluster resource) {
    return !observed.equals(asTree(resource));
  }

  UpdateControl<DatabaseCluster> control(DatabaseCluster resource, Duration next) {
    UpdateControl<DatabaseCluster> control =
        changed(resource) ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
    return control.rescheduleAfter(next);
  }

  private static JsonNode asTree(DatabaseCluster resource) {
    // The whole status as it would be sent: every field counts, none is left out of the comparison.
    return Serialization.jsonMapper().valueToTree(resource.getStatus());
  }
}
