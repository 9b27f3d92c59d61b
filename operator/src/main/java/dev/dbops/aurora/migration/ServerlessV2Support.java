package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.upgrade.EngineVersion;
import java.util.Map;
import java.util.Optional;

/**
 * Which Aurora PostgreSQL versions can run db.serverless instances, and which capacity range each takes.
 * Serverless v2 arrived with 13.6, 14.3 and 15.2 (Aurora User Guide, "Requirements and limitations for
 * Aurora Serverless v2"); every 16+ release has it. Older sources are restored with a temporary
 * provisioned writer, upgraded, and then given their db.serverless instances.
 *
 * <p>The capacity range depends on the version too (Aurora User Guide, "Aurora Serverless v2 capacity",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html#aurora-serverless-v2.how-it-works.capacity,
 * and "Scaling to Zero ACUs with automatic pause and resume",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html;
 * RDS API Reference, ServerlessV2ScalingConfiguration: "256 for recent Aurora versions, or 128 for older
 * versions"): a minimum of 0 ACU (auto-pause) needs 13.15, 14.12, 15.7, 16.3 or later; a maximum above
 * 128 ACU (up to 256) needs 13.14, 14.11, 15.6, 16.2 or later; 17.x has both. Older versions take
 * 0.5–128 ACU. DescribeDBEngineVersions' ServerlessV2FeaturesSupport says the same per version; Preflight
 * prefers that answer (steps/TargetScalingCheck) and uses this table where AWS does not give one (moto
 * lacks the API). The restore, which runs the snapshot's version before its upgrade, narrows by this table.
 */
public final class ServerlessV2Support {
  /** Provisioned class of the temporary writer that carries a pre-v2 version through its upgrade. */
  public static final String UPGRADE_INSTANCE_CLASS = "db.r6g.large";

  /** Highest maximum on versions without the 256 ACU limit, and the one every platform version takes. */
  public static final double OLD_MAX_CAPACITY = 128;
  /** Lowest minimum on versions without auto-pause. */
  static final double OLD_MIN_CAPACITY = 0.5;

  /** First minor of each major with a minimum of 0 ACU (auto-pause). */
  private static final Map<Integer, Integer> AUTO_PAUSE_FROM = Map.of(13, 15, 14, 12, 15, 7, 16, 3);
  /** First minor of each major with a maximum of 256 ACU. */
  private static final Map<Integer, Integer> MAX_256_FROM = Map.of(13, 14, 14, 11, 15, 6, 16, 2);

  private ServerlessV2Support() {}

  public static boolean supports(String engineVersion) {
    EngineVersion version = EngineVersion.parse(engineVersion);
    int major = version.major();
    int minor = minor(version);
    return switch (major) {
      case 13 -> minor >= 6;
      case 14 -> minor >= 3;
      case 15 -> minor >= 2;
      default -> major >= 16;
    };
  }

  /** True when the version takes a minimum capacity of 0 ACU (auto-pause). */
  public static boolean supportsAutoPause(String engineVersion) {
    return from(AUTO_PAUSE_FROM, EngineVersion.parse(engineVersion));
  }

  /** The highest maximum capacity the version takes: 256 on recent versions, 128 on older ones. */
  public static double maxCapacity(String engineVersion) {
    return from(MAX_256_FROM, EngineVersion.parse(engineVersion)) ? 256 : OLD_MAX_CAPACITY;
  }

  /** The lowest minimum capacity the version takes: 0 with auto-pause, else 0.5. */
  public static double minCapacity(String engineVersion) {
    return supportsAutoPause(engineVersion) ? 0 : OLD_MIN_CAPACITY;
  }

  /**
   * Why {@code engineVersion} cannot take this scaling, naming the version it would need and the range it
   * allows; empty when it can.
   */
  public static Optional<String> refusal(String engineVersion, Capacity wanted) {
    String range = "Aurora PostgreSQL " + engineVersion + " allows " + acu(minCapacity(engineVersion)) + "–"
        + acu(maxCapacity(engineVersion)) + " ACU";
    if (wanted.min() != null && wanted.min() < minCapacity(engineVersion)) {
      return Optional.of("minCapacity " + acu(wanted.min()) + " (auto-pause) needs Aurora PostgreSQL "
          + firstVersion(AUTO_PAUSE_FROM, engineVersion) + " or later; " + range);
    }
    if (wanted.max() != null && wanted.max() > maxCapacity(engineVersion)) {
      return Optional.of("maxCapacity " + acu(wanted.max()) + " needs Aurora PostgreSQL "
          + firstVersion(MAX_256_FROM, engineVersion) + " or later; " + range);
    }
    return Optional.empty();
  }

  /**
   * The wanted scaling narrowed to what {@code engineVersion} takes, for a cluster that runs an older
   * version before its upgrade (the restore keeps the snapshot's version); the wanted scaling is set once
   * the upgrade is done.
   */
  public static Capacity within(String engineVersion, Capacity wanted) {
    double lowest = minCapacity(engineVersion);
    double highest = maxCapacity(engineVersion);
    Double min = wanted.min() == null ? null : Math.max(wanted.min(), lowest);
    Double max = wanted.max() == null ? null : Math.min(wanted.max(), highest);
    if (min != null && max != null && min > max) {
      min = max;
    }
    Integer pause = min != null && min == 0.0 ? wanted.secondsUntilAutoPause() : null;
    return new Capacity(min, max, pause);
  }

  private static boolean from(Map<Integer, Integer> firstMinor, EngineVersion version) {
    Integer first = firstMinor.get(version.major());
    if (first == null) {
      return version.major() > 16;
    }
    return minor(version) >= first;
  }

  /** The first version of the same major with the feature, or all of them for a major without it. */
  private static String firstVersion(Map<Integer, Integer> firstMinor, String engineVersion) {
    int major = EngineVersion.parse(engineVersion).major();
    if (firstMinor.containsKey(major)) {
      return major + "." + firstMinor.get(major);
    }
    return String.join(", ", firstMinor.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "." + e.getValue())
        .toList());
  }

  private static int minor(EngineVersion version) {
    return version.parts().size() > 1 ? version.parts().get(1) : 0;
  }

  private static String acu(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
