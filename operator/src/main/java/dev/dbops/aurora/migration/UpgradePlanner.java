package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.upgrade.BuiltInUpgradeTargets;
import dev.dbops.aurora.upgrade.NoUpgradePathException;
import dev.dbops.aurora.upgrade.UpgradePathFinder;
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

  /** DescribeDBEngineVersions where the endpoint has it, the documented built-in table where it does not. */
  static UpgradePlanner fromEngineVersions() {
    return (clusters, source, target) -> {
      UpgradePathFinder finder = new UpgradePathFinder(clusters, new BuiltInUpgradeTargets());
      try {
        return (target == null ? finder.toDefaultTarget(source) : finder.find(source, target)).hops();
      } catch (NoUpgradePathException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    };
  }
}
