package dev.dbops.aurora.migration.bluegreen;

import dev.dbops.aurora.upgrade.EngineVersion;
import java.util.Map;
import java.util.Optional;

/**
 * The lowest Aurora PostgreSQL version of each major that can be the blue cluster of a Blue/Green deployment
 * (Aurora User Guide, "Supported Regions and Aurora DB engines for Blue/Green Deployments": 11.21, 12.16,
 * 13.12, 14.9, 15.4, 16.1, 17.4 and higher in every Region).
 */
public final class BlueGreenMinimumVersions {

  private static final Map<Integer, EngineVersion> MINIMUM = Map.of(
      11, EngineVersion.parse("11.21"),
      12, EngineVersion.parse("12.16"),
      13, EngineVersion.parse("13.12"),
      14, EngineVersion.parse("14.9"),
      15, EngineVersion.parse("15.4"),
      16, EngineVersion.parse("16.1"),
      17, EngineVersion.parse("17.4"));

  private static final int FIRST_MAJOR = 11;

  private BlueGreenMinimumVersions() {}

  /**
   * Why this version cannot be blue, or empty when it can. A major the table does not know is either older than
   * Blue/Green (refused) or newer than this table (accepted: AWS has supported each new major since 16.1).
   */
  public static Optional<String> refusal(String version) {
    EngineVersion v = EngineVersion.parse(version);
    if (v.major() < FIRST_MAJOR) {
      return Optional.of("Aurora PostgreSQL " + version + " predates Blue/Green deployments (11.21 and later)");
    }
    EngineVersion minimum = MINIMUM.get(v.major());
    if (minimum != null && v.compareTo(minimum) < 0) {
      return Optional.of("Aurora PostgreSQL " + version + " is below " + minimum + ", the first " + v.major()
          + " version Blue/Green deployments support");
    }
    return Optional.empty();
  }

  /** The minimum of this major, for advice; empty when the table has none. */
  public static Optional<String> minimumOf(String version) {
    return Optional.ofNullable(MINIMUM.get(EngineVersion.parse(version).major())).map(EngineVersion::toString);
  }
}
