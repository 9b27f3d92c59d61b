package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.testing.MotoServer;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Parameter;

/** Reads moto with a plain RdsClient, past the code under test, to check what it really stored. */
final class MotoRds {
  private MotoRds() {}

  static RdsClient client(SdkAwsRegions regions) {
    return regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
  }

  static Map<String, String> clusterParameters(SdkAwsRegions regions, String group) {
    try (RdsClient rds = client(regions)) {
      Map<String, String> values = new HashMap<>();
      for (Parameter p : rds.describeDBClusterParameters(b -> b.dbClusterParameterGroupName(group)).parameters()) {
        values.put(p.parameterName(), p.parameterValue());
      }
      return values;
    }
  }
}
