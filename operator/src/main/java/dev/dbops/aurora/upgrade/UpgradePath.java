package dev.dbops.aurora.upgrade;

import java.util.List;
import java.util.Optional;

/**
 * The versions a cluster passes through, source first and target last; each step after the first is
 * one ModifyDBCluster. A path of one version means the cluster is already there. A hop may be a minor
 * upgrade (e.g. 11.9 → 11.21 to reach a minor that can jump majors, or 15.4 → 15.10 at the end),
 * which needs neither AllowMajorVersionUpgrade nor a parameter group of a new family.
 */
public record UpgradePath(List<String> versions) {

  public UpgradePath {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("an upgrade path starts at the source version");
    }
    versions = List.copyOf(versions);
  }

  public String source() {
    return versions.get(0);
  }

  public String target() {
    return versions.get(versions.size() - 1);
  }

  /** The versions to upgrade to, in order. */
  public List<String> hops() {
    return versions.subList(1, versions.size());
  }

  /** True when going from one version to the other changes the major version (and the parameter group family). */
  public static boolean isMajorUpgrade(String from, String to) {
    return EngineVersion.parse(from).major() != EngineVersion.parse(to).major();
  }

  /** The hop after {@code current}, or empty when {@code current} is the target or not on the path. */
  public Optional<String> nextAfter(String current) {
    int at = versions.indexOf(current);
    return at < 0 || at == versions.size() - 1 ? Optional.empty() : Optional.of(versions.get(at + 1));
  }
}
