package dev.dbops.aurora.testing.inmemoryrds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * DB cluster parameter groups and DB (instance) parameter groups: name, family and parameters. AWS has a
 * {@code default.<family>} group of each kind for every family; named groups exist once created.
 */
final class ParameterGroups {
  private record Group(String family, Map<String, String> parameters) {}

  private final Map<String, Group> clusterGroups = new LinkedHashMap<>();
  private final Map<String, Group> instanceGroups = new LinkedHashMap<>();

  void putCluster(String name, String family, Map<String, String> parameters) {
    clusterGroups.computeIfAbsent(name, n -> new Group(family, new LinkedHashMap<>())).parameters().putAll(parameters);
  }

  void putInstance(String name, String family) {
    instanceGroups.computeIfAbsent(name, n -> new Group(family, new LinkedHashMap<>()));
  }

  void removeCluster(String name) {
    clusterGroups.remove(name);
  }

  /**
   * DeleteDBClusterParameterGroup: refused for a default group and for a group any cluster still uses, a
   * deleting one too (RDS API Reference: "Can't be associated with any DB clusters"); a missing group is
   * DBParameterGroupNotFound, as RDS answers.
   */
  void deleteClusterGroup(String name, Clusters clusters) {
    if (defaultFamily(name).isPresent()) {
      throw Refusals.error(400, "InvalidDBParameterGroupState", "Default DBClusterParameterGroup cannot be deleted: " + name);
    }
    if (!clusterGroups.containsKey(name)) {
      throw Refusals.error(404, "DBParameterGroupNotFound", "DBClusterParameterGroup not found: " + name);
    }
    for (Clusters.Cluster c : clusters.all()) {
      if (name.equals(c.parameterGroup) && !c.status().equals("deleted")) {
        throw Refusals.error(400, "InvalidDBParameterGroupState",
            "One or more database clusters are still members of this parameter group " + name + ", so the group cannot be deleted");
      }
    }
    clusterGroups.remove(name);
  }

  /** The parameters set on a named cluster group; null when there is no such group. */
  Map<String, String> clusterParameters(String name) {
    Group group = clusterGroups.get(name);
    return group == null ? null : Map.copyOf(group.parameters());
  }

  Optional<String> clusterFamily(String name) {
    return Optional.ofNullable(clusterGroups.get(name)).map(Group::family).or(() -> defaultFamily(name));
  }

  Optional<String> instanceFamily(String name) {
    return Optional.ofNullable(instanceGroups.get(name)).map(Group::family).or(() -> defaultFamily(name));
  }

  /**
   * As RDS answers a create, restore or modify naming a cluster group that does not exist or is of another
   * family than the engine version takes.
   */
  void checkClusterGroup(String name, String engineVersion) {
    if (name == null) {
      return;
    }
    String family = clusterFamily(name).orElseThrow(() -> Refusals.error(404, "DBClusterParameterGroupNotFound",
        "DBClusterParameterGroup not found: " + name));
    checkFamily(name, family, engineVersion);
  }

  void checkInstanceGroup(String name, String engineVersion) {
    if (name == null) {
      return;
    }
    String family = instanceFamily(name).orElseThrow(() -> Refusals.error(404, "DBParameterGroupNotFound",
        "DBParameterGroup not found: " + name));
    checkFamily(name, family, engineVersion);
  }

  private static void checkFamily(String name, String family, String engineVersion) {
    if (!family.equals(Refusals.familyOf(engineVersion))) {
      throw Refusals.invalidCombination("The parameter group " + name + " with DBParameterGroupFamily " + family
          + " can't be used for this instance. Use a parameter group with DBParameterGroupFamily "
          + Refusals.familyOf(engineVersion) + ".");
    }
  }

  private static Optional<String> defaultFamily(String name) {
    return name.startsWith("default.aurora-postgresql") ? Optional.of(name.substring("default.".length()))
        : Optional.empty();
  }
}
