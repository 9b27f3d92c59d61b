package dev.dbops.aurora.aws;

/** Region-bound AWS APIs; SDK clients are built once per region and shared. */
public interface AwsRegions {

  ClusterApi clusters(String region);

  /** CloudWatch alarms, dashboards and metrics of the region. */
  MonitoringApi monitoring(String region);

  /** Route53, which is global. */
  DnsApi dns();

  /** The operator's default region, for resources that name none. */
  String defaultRegion();
}
