package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ServerlessV2Limits;
import dev.dbops.aurora.migration.ServerlessV2Support;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.Optional;

/**
 * Whether the final target version takes the spec's Serverless v2 scaling, decided before anything changes
 * (otherwise RDS refuses it mid-migration, when the scaling is set after the upgrade). AWS's own answer for
 * the version (DescribeDBEngineVersions, ServerlessV2FeaturesSupport) decides where it is given; else the
 * built-in table of {@link ServerlessV2Support}, with one exception: a maximum above 128 ACU that the
 * table allows only warns, because AWS says the maximum also depends on the platform version and "might be
 * 256 or 128" (RDS API Reference, ServerlessV2FeaturesSupport), which no table knows. Each message names
 * the source it relied on.
 */
final class TargetScalingCheck {
  static final String ENGINE = "aurora-postgresql";
  static final String MAX_CAPACITY_WARNING = "serverless-v2-max-capacity";
  static final String FROM_AWS = " (as AWS states for this version in DescribeDBEngineVersions)";
  static final String FROM_TABLE = " (operator's built-in table: AWS did not state limits for this version)";

  /** A refusal stops Preflight; a warning becomes a finding. */
  record Verdict(Optional<String> refusal, Optional<SchemaFinding> warning) {
    static Verdict fine() {
      return new Verdict(Optional.empty(), Optional.empty());
    }

    static Verdict refused(String why) {
      return new Verdict(Optional.of(why), Optional.empty());
    }
  }

  private TargetScalingCheck() {}

  static Verdict of(ClusterApi clusters, String targetVersion, Capacity wanted) {
    Optional<ServerlessV2Limits> stated = clusters.serverlessV2Limits(ENGINE, targetVersion);
    Double awsMin = stated.map(ServerlessV2Limits::minCapacity).orElse(null);
    Double awsMax = stated.map(ServerlessV2Limits::maxCapacity).orElse(null);

    if (wanted.min() != null) {
      if (awsMin != null) {
        if (wanted.min() < awsMin) {
          return Verdict.refused("minCapacity " + acu(wanted.min()) + " is below the lowest minimum of Aurora PostgreSQL "
              + targetVersion + ", " + acu(awsMin) + " ACU" + FROM_AWS);
        }
      } else {
        Optional<String> refused = ServerlessV2Support.refusal(targetVersion, new Capacity(wanted.min(), null, null));
        if (refused.isPresent()) {
          return Verdict.refused(refused.get() + FROM_TABLE);
        }
      }
    }
    if (wanted.max() != null) {
      if (awsMax != null) {
        if (wanted.max() > awsMax) {
          return Verdict.refused("maxCapacity " + acu(wanted.max()) + " is above the highest maximum of Aurora PostgreSQL "
              + targetVersion + ", " + acu(awsMax) + " ACU" + FROM_AWS);
        }
      } else {
        Optional<String> refused = ServerlessV2Support.refusal(targetVersion, new Capacity(null, wanted.max(), null));
        if (refused.isPresent()) {
          return Verdict.refused(refused.get() + FROM_TABLE);
        }
        if (wanted.max() > ServerlessV2Support.OLD_MAX_CAPACITY) {
          return new Verdict(Optional.empty(), Optional.of(mayBeRefused(targetVersion, wanted.max())));
        }
      }
    }
    return Verdict.fine();
  }

  private static SchemaFinding mayBeRefused(String targetVersion, double max) {
    return new SchemaFinding(
        MAX_CAPACITY_WARNING,
        false,
        "spec.target.scaling.maxCapacity",
        "maxCapacity " + acu(max) + " may be refused on Aurora PostgreSQL " + targetVersion + ": the operator's built-in"
            + " table allows up to " + acu(ServerlessV2Support.maxCapacity(targetVersion)) + " ACU on this version, but AWS"
            + " did not state the limit (DescribeDBEngineVersions) and it also depends on the cluster's platform version,"
            + " where it might be 128 ACU; RDS would refuse it when the scaling is set after the upgrade",
        "keep maxCapacity at " + acu(ServerlessV2Support.OLD_MAX_CAPACITY) + " or less, or check ServerlessV2FeaturesSupport"
            + " in `aws rds describe-db-engine-versions --engine aurora-postgresql --engine-version " + targetVersion + "`");
  }

  private static String acu(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
