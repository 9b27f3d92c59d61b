package dev.dbops.aurora.upgrade;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.UpgradeTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the upgrade hops from a source version to a target: fewest hops first (each is an outage and
 * a long ModifyDBCluster), and among those the newest versions at each step. Asks
 * DescribeDBEngineVersions; where the endpoint lacks it (moto) it uses {@link BuiltInUpgradeTargets}.
 */
public final class UpgradePathFinder {

  public static final String ENGINE = "aurora-postgresql";

  private final ClusterApi api;
  private final BuiltInUpgradeTargets builtIn;

  public UpgradePathFinder(ClusterApi api, BuiltInUpgradeTargets builtIn) {
    this.api = api;
    this.builtIn = builtIn;
  }

  /** Path to the newest 15.x the built-in table knows, the migration's default target. */
  public UpgradePath toDefaultTarget(String source) {
    return find(source, builtIn.newestOfMajor(15));
  }

  public UpgradePath find(String source, String target) {
    EngineVersion from = EngineVersion.parse(source);
    EngineVersion to = EngineVersion.parse(target);
    if (from.equals(to)) {
      return new UpgradePath(List.of(source));
    }
    if (to.compareTo(from) < 0) {
      throw new NoUpgradePathException("cannot downgrade Aurora PostgreSQL " + source + " to " + target);
    }
    TargetSource targets = new TargetSource();
    List<String> path = breadthFirst(source, to::equals, to, targets);
    if (path == null) {
      throw new NoUpgradePathException(
          "no upgrade path from Aurora PostgreSQL " + source + " to " + target + " in " + targets.describe()
              + (targets.usedBuiltIn && !builtIn.knows(source)
                  ? "; " + source + " is not in the built-in table: set spec.target.engineVersion to a version"
                      + " reachable from it, or run against an endpoint with DescribeDBEngineVersions"
                  : ""));
    }
    return new UpgradePath(path);
  }

  /**
   * Breadth-first over versions, never above the target: within one layer, versions are expanded
   * newest first and the first parent to reach a version keeps it, so among equally short paths the
   * one with the newest earlier hops wins.
   */
  private List<String> breadthFirst(String source, Predicate<EngineVersion> isTarget, EngineVersion cap,
      TargetSource targets) {
    Map<String, String> parent = new HashMap<>();
    parent.put(source, null);
    Deque<String> layer = new ArrayDeque<>(List.of(source));
    while (!layer.isEmpty()) {
      Deque<String> next = new ArrayDeque<>();
      for (String version : layer) {
        List<String> candidates = new ArrayList<>(targets.of(version));
        candidates.sort(Comparator.comparing(EngineVersion::parse).reversed());
        for (String candidate : candidates) {
          EngineVersion parsed = EngineVersion.parse(candidate);
          if (parsed.compareTo(cap) > 0 || parent.containsKey(candidate)) {
            continue;
          }
          parent.put(candidate, version);
          if (isTarget.test(parsed)) {
            return pathTo(candidate, parent);
          }
          next.add(candidate);
        }
      }
      layer = next;
    }
    return null;
  }

  private static List<String> pathTo(String end, Map<String, String> parent) {
    List<String> path = new ArrayList<>();
    for (String v = end; v != null; v = parent.get(v)) {
      path.add(v);
    }
    Collections.reverse(path);
    return path;
  }

  /** Asks the API until it answers UNSUPPORTED once; from then on the built-in table. */
  private final class TargetSource {
    boolean usedBuiltIn;
    boolean usedApi;

    List<String> of(String version) {
      if (!usedBuiltIn) {
        try {
          List<String> fromApi = api.validUpgradeTargets(ENGINE, version).stream()
              .map(UpgradeTarget::engineVersion)
              .toList();
          usedApi = true;
          return fromApi;
        } catch (AwsException e) {
          if (e.kind() != AwsErrorKind.UNSUPPORTED) {
            throw e;
          }
          usedBuiltIn = true;
        }
      }
      return builtIn.targetsOf(version);
    }

    String describe() {
      if (usedApi && usedBuiltIn) {
        return "DescribeDBEngineVersions and the built-in table";
      }
      return usedBuiltIn ? "the built-in upgrade table" : "DescribeDBEngineVersions";
    }
  }
}
