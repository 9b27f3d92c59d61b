package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.status.Conditions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the owned group's parameters once per spec generation: RDS cannot tell us cheaply whether they
 * still match, and re-putting unchanged parameters on every resync would be needless writes.
 */
final class OwnedParameterGroupSync {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedParameterGroupSync.class);

  private OwnedParameterGroupSync() {}

  static void ensure(DatabaseCluster resource, DesiredCluster desired, ClusterApi api) {
    if (desired.ownedParameterGroup().isEmpty()) {
      return;
    }
    OwnedParameterGroup group = desired.ownedParameterGroup().get();
    boolean specChanged = !Long.valueOf(ClusterConditions.generationOf(resource)).equals(appliedGeneration(resource));
    if (specChanged || !api.clusterParameterGroupExists(group.name())) {
      api.putClusterParameterGroup(group.name(), group.family(), group.parameters(),
          Map.of(OwnerTag.KEY, OwnerTag.valueFor(resource)));
      LOG.debug("parameter group {} put for generation {}", group.name(), ClusterConditions.generationOf(resource));
    }
  }

  /** The generation the previous pass acted on, from the Ready condition it left behind. */
  private static Long appliedGeneration(DatabaseCluster resource) {
    return Conditions.find(ClusterConditions.statusOf(resource).getConditions(), Conditions.READY)
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> c.getObservedGeneration())
        .orElse(null);
  }
}
