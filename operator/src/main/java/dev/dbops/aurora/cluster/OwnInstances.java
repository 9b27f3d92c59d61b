package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.RdsIdentifier;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances that belong to a cluster by their own DBClusterIdentifier. An instance query is answered
 * through a server-side filter the operator cannot check; an instance of another cluster in the answer
 * must never be counted, modified or deleted as this cluster's.
 */
final class OwnInstances {
  private static final Logger LOG = LoggerFactory.getLogger(OwnInstances.class);

  private OwnInstances() {}

  static List<AuroraInstance> of(String clusterId, List<AuroraInstance> listed) {
    List<AuroraInstance> own = listed.stream().filter(i -> RdsIdentifier.same(i.clusterId(), clusterId)).toList();
    if (own.size() != listed.size()) {
      LOG.warn("cluster {}: ignored instances of other clusters in the answer: {}", clusterId, listed.stream()
          .filter(i -> !own.contains(i)).map(i -> i.identifier() + " (" + i.clusterId() + ")").toList());
    }
    return own;
  }
}
