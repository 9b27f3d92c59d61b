package dev.dbops.aurora.cluster;

import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import java.util.Map;

/** A cluster parameter group the operator creates from spec.parameterGroup.parameters. */
public record OwnedParameterGroup(String name, String family, Map<String, String> parameters) {

  public OwnedParameterGroup {
    parameters = Map.copyOf(parameters);
  }

  /** aurora-postgresql15 for engine version 15.x: RDS families carry only the major version. */
  public static String familyOf(String engine, String engineVersion) {
    return ParameterGroupFamily.of(engineVersion).name();
  }
}
