package dev.dbops.aurora.aws;

import java.util.List;

/**
 * Where a DB cluster's data is copied to or from outside the cluster itself, as DescribeDBClusters says.
 *
 * @param globalClusterId the Aurora Global Database the cluster belongs to; null when none
 * @param readReplicaArns read replica clusters fed by this one (cross-Region replicas), as ARNs
 * @param replicationSourceArn the cluster or instance this one is a read replica of; null when none
 */
public record ClusterReplication(String globalClusterId, List<String> readReplicaArns, String replicationSourceArn) {

  public static final ClusterReplication NONE = new ClusterReplication(null, List.of(), null);

  public ClusterReplication {
    readReplicaArns = readReplicaArns == null ? List.of() : List.copyOf(readReplicaArns);
  }
}
