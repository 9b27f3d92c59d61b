package dev.dbops.aurora.upgrade;

/**
 * The DB parameter group family of an engine version, e.g. 15.4 → aurora-postgresql15. A major
 * upgrade must name groups of the new family, or ModifyDBCluster refuses it.
 */
public record ParameterGroupFamily(String name) {

  public static ParameterGroupFamily of(String engineVersion) {
    return new ParameterGroupFamily("aurora-postgresql" + EngineVersion.parse(engineVersion).major());
  }

  /** The group AWS creates for every family, used when the spec names none. */
  public String defaultGroupName() {
    return "default." + name;
  }

  @Override
  public String toString() {
    return name;
  }
}
