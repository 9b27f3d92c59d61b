package dev.dbops.aurora.cluster;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import dev.dbops.aurora.model.cluster.ErrorStatus;
import dev.dbops.aurora.status.Conditions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

/** The Ready, Progressing and Degraded conditions of a DatabaseCluster, set together so they never disagree. */
final class ClusterConditions {
  private final Conditions conditions;

  ClusterConditions(Conditions conditions) {
    this.conditions = conditions;
  }

  void ready(DatabaseCluster resource, DatabaseClusterStatus status) {
    long generation = generationOf(resource);
    status.setLastError(null);
    conditions.set(status.getConditions(), Conditions.READY, true, "Available",
        "Cluster " + resource.getSpec().getClusterIdentifier() + " is available as declared", generation);
    conditions.set(status.getConditions(), Conditions.PROGRESSING, false, "Available", "", generation);
    conditions.set(status.getConditions(), Conditions.DEGRADED, false, "Available", "", generation);
  }

  void progressing(DatabaseCluster resource, DatabaseClusterStatus status, String reason, String message) {
    long generation = generationOf(resource);
    conditions.set(status.getConditions(), Conditions.READY, false, reason, message, generation);
    conditions.set(status.getConditions(), Conditions.PROGRESSING, true, reason, message, generation);
    conditions.set(status.getConditions(), Conditions.DEGRADED, false, reason, "", generation);
  }

  void notReady(DatabaseCluster resource, DatabaseClusterStatus status, String reason, String message) {
    long generation = generationOf(resource);
    conditions.set(status.getConditions(), Conditions.READY, false, reason, message, generation);
    conditions.set(status.getConditions(), Conditions.PROGRESSING, false, reason, message, generation);
    conditions.set(status.getConditions(), Conditions.DEGRADED, true, reason, message, generation);
    recordError(status, reason, message);
  }

  /**
   * Sets lastError, keeping the time of the same error met before: a time refreshed on every resync would
   * be a status write that tells nothing new.
   */
  static void recordError(DatabaseClusterStatus status, String reason, String message) {
    ErrorStatus previous = status.getLastError();
    if (previous != null && reason.equals(previous.getReason()) && message.equals(previous.getMessage())) {
      return;
    }
    status.setLastError(error(reason, message));
  }

  static ErrorStatus error(String reason, String message) {
    ErrorStatus error = new ErrorStatus();
    error.setReason(reason);
    error.setMessage(message);
    error.setTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return error;
  }

  static DatabaseClusterStatus statusOf(DatabaseCluster resource) {
    if (resource.getStatus() == null) {
      resource.setStatus(new DatabaseClusterStatus());
    }
    if (resource.getStatus().getConditions() == null) {
      resource.getStatus().setConditions(new ArrayList<>());
    }
    return resource.getStatus();
  }

  static long generationOf(DatabaseCluster resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }

  /** Deletion under way: not ready, progressing. */
  void deleting(DatabaseCluster resource, DatabaseClusterStatus status, String message) {
    conditions.set(status.getConditions(), Conditions.READY, false, "Deleting", message, generationOf(resource));
    conditions.set(status.getConditions(), Conditions.PROGRESSING, true, "Deleting", message, generationOf(resource));
  }

  void degraded(DatabaseCluster resource, DatabaseClusterStatus status, String reason, String message) {
    conditions.set(status.getConditions(), Conditions.DEGRADED, true, reason, message, generationOf(resource));
  }

  Conditions raw() {
    return conditions;
  }
}
