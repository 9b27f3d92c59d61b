package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.model.cluster.DatabaseCluster;

/**
 * The tag that marks an AWS cluster as managed by one DatabaseCluster. It is how the operator tells its
 * own cluster apart from someone else's with the same identifier.
 */
public final class OwnerTag {
  public static final String KEY = "aurora.dbops.dev/owner";

  private OwnerTag() {}

  public static String valueFor(DatabaseCluster resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  public static boolean isOwnedBy(AuroraCluster cluster, DatabaseCluster resource) {
    return cluster.tags() != null && valueFor(resource).equals(cluster.tags().get(KEY));
  }
}
