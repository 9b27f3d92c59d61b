package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.ClusterApi;
import java.util.List;

/** Computes the engine versions a cluster goes through on its way to the target version. */
@FunctionalInterface
public interface UpgradePlanner {

  /**
   * @param targetVersion the version asked for, or null for the default target
   * @return the versions after {@code sourceVersion}, in order, the last one being the target
   * @throws IllegalArgumentException when no path exists, with a message naming both versions
   */
  List<String> hops(ClusterApi clusters, String sourceVersion, String targetVersion);
}
