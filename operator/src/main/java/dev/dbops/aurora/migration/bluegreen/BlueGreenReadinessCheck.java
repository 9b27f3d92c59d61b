package dev.dbops.aurora.migration.bluegreen;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.postgres.PostgresException;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether the source can take a Blue/Green deployment: RDS's side ({@link SourceClusterReadiness}) and the
 * catalog's side ({@link PostgresServer#logicalReplicationFindings}). Reads only, and never fails the caller for
 * its own sake: a check that cannot run makes the source not ready, with the reason.
 */
public final class BlueGreenReadinessCheck {

  static final SchemaFinding DDL_DURING_DEPLOYMENT = new SchemaFinding("ddl-during-deployment", false, null,
      "logical replication carries rows, not DDL: a CREATE, ALTER or DROP on the source while the deployment runs"
          + " is missing on green, and replication of a changed table stops",
      "freeze schema changes (migrations, partition maintenance, CREATE INDEX) from the start of the deployment"
          + " until switchover");

  private BlueGreenReadinessCheck() {}

  /**
   * @param catalogFindings the source's {@link PostgresServer#logicalReplicationFindings}, asked once RDS's side
   *     is known
   */
  public static BlueGreenReadiness assess(
      ClusterApi clusters, AuroraCluster source, Supplier<List<SchemaFinding>> catalogFindings) {
    List<SchemaFinding> findings = new ArrayList<>();
    Map<String, String> parameters = Map.of();
    try {
      parameters = ownParameters(clusters, source);
      findings.addAll(SourceClusterReadiness.check(clusters, source, parameters));
    } catch (AwsException e) {
      rethrowIfRetryable(e);
      findings.add(checkFailed("aws", source.identifier(), "RDS: " + e.getMessage()));
    }
    try {
      boolean unloggedReplicated = "1".equals(parameters.get(SourceClusterReadiness.REPLICATE_UNLOGGED));
      for (SchemaFinding f : catalogFindings.get()) {
        // With rds.logically_replicate_unlogged_tables = 1, Aurora replicates unlogged tables too.
        if (!(unloggedReplicated && f.check().equals("unlogged-tables"))) {
          findings.add(f);
        }
      }
    } catch (PostgresException e) {
      findings.add(checkFailed("sql", source.identifier(), "SQL: " + e.getMessage()));
    }
    findings.add(DDL_DURING_DEPLOYMENT);
    return BlueGreenReadiness.of(findings);
  }

  private static Map<String, String> ownParameters(ClusterApi clusters, AuroraCluster source) {
    String group = source.parameterGroup();
    return group == null || group.startsWith("default.") ? Map.of() : clusters.userClusterParameters(group);
  }

  private static void rethrowIfRetryable(AwsException e) {
    if (e.kind() == AwsErrorKind.RETRYABLE || e.kind() == AwsErrorKind.INVALID_STATE) {
      throw e;
    }
  }

  private static SchemaFinding checkFailed(String side, String object, String reason) {
    return new SchemaFinding("readiness-unknown", true, object,
        "the Blue/Green readiness check could not read the " + side + " side, so the source is not known to be"
            + " ready: " + reason,
        "fix the cause (often a missing permission: docs/iam.md) and run Preflight again");
  }
}
