package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.DnsApi;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link FakeClusterApi} per region, created on first use. */
final class FakeAwsRegions implements AwsRegions {
  private final Map<String, FakeClusterApi> regions = new ConcurrentHashMap<>();
  private final int busyReads;

  FakeAwsRegions(int busyReads) {
    this.busyReads = busyReads;
  }

  @Override
  public ClusterApi clusters(String region) {
    return region(region);
  }

  FakeClusterApi region(String region) {
    return regions.computeIfAbsent(region, r -> new FakeClusterApi(busyReads));
  }

  @Override
  public DnsApi dns() {
    throw new UnsupportedOperationException("DatabaseCluster never calls Route53");
  }

  @Override
  public String defaultRegion() {
    return "us-east-1";
  }
}
