package dev.dbops.aurora.migration;

import dev.dbops.aurora.upgrade.EngineVersion;

/**
 * Which Aurora PostgreSQL versions can run db.serverless instances. Serverless v2 arrived with 13.6,
 * 14.3 and 15.2 (Aurora User Guide, "Requirements and limitations for Aurora Serverless v2"); every 16+
 * release has it. Older sources are restored with a temporary provisioned writer, upgraded, and then
 * given their db.serverless instances.
 */
public final class ServerlessV2Support {
  /** Provisioned class of the temporary writer that carries a pre-v2 version through its upgrade. */
  public static final String UPGRADE_INSTANCE_CLASS = "db.r6g.large";

  private ServerlessV2Support() {}

  public static boolean supports(String engineVersion) {
    EngineVersion version = EngineVersion.parse(engineVersion);
    int major = version.major();
    int minor = version.parts().size() > 1 ? version.parts().get(1) : 0;
    return switch (major) {
      case 13 -> minor >= 6;
      case 14 -> minor >= 3;
      case 15 -> minor >= 2;
      default -> major >= 16;
    };
  }
}
