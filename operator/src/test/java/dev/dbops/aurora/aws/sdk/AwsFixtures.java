package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.aws.SecretValue;
import java.util.List;
import java.util.Map;

/** Requests as the reconcilers would make them for a Serverless v2 Aurora PostgreSQL 15 cluster. */
final class AwsFixtures {
  static final String ENGINE = "aurora-postgresql";
  static final String VERSION = "15.4";

  private AwsFixtures() {}

  static NewCluster serverlessV2(String id, Capacity scaling) {
    return new NewCluster(id, ENGINE, VERSION, scaling, "app_admin", SecretValue.of("s3cret-Passw0rd"), false, null,
        "app", 5432, null, List.of(), true, null, 7, "03:00-04:00", "sun:05:00-sun:06:00", false, null,
        List.of("postgresql"), true, Map.of("team", "data"));
  }

  static NewInstance serverlessInstance(String id, String clusterId, int tier) {
    return new NewInstance(id, clusterId, ENGINE, "db.serverless", tier, false, null, null, null, false, Map.of());
  }

  static ClusterRestore restoreAsServerlessV2(String id, String snapshotId, Capacity scaling) {
    return new ClusterRestore(id, snapshotId, ENGINE, VERSION, scaling, 5432, null, List.of(), null, null, false,
        List.of("postgresql"), Map.of("restored-from", snapshotId));
  }
}
