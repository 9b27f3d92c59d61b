package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.DnsApi;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.testing.InMemoryMonitoringApi;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link InMemoryRds} per region, created on first use. */
final class FakeAwsRegions implements AwsRegions {
  private final Map<String, InMemoryRds> regions = new ConcurrentHashMap<>();
  private final Map<String, InMemoryMonitoringApi> monitoring = new ConcurrentHashMap<>();
  private final int busyReads;

  FakeAwsRegions(int busyReads) {
    this.busyReads = busyReads;
  }

  @Override
  public ClusterApi clusters(String region) {
    return region(region);
  }

  InMemoryRds region(String region) {
    return regions.computeIfAbsent(region, r -> new InMemoryRds(busyReads));
  }

  /** When set, monitoring goes here (e.g. CloudWatch on moto) instead of the in-memory fake. */
  volatile java.util.function.Function<String, MonitoringApi> monitoringSource;

  @Override
  public MonitoringApi monitoring(String region) {
    var source = monitoringSource;
    return source != null ? source.apply(region) : monitoringIn(region);
  }

  InMemoryMonitoringApi monitoringIn(String region) {
    return monitoring.computeIfAbsent(region, r -> new InMemoryMonitoringApi());
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
