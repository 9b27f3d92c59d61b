package dev.dbops.aurora.monitoring;

/**
 * Deterministic CloudWatch names for one Kubernetes resource, so every pass finds what an earlier pass
 * (or an earlier operator process) created. Alarm names keep the resource's path readable; dashboard
 * names only allow letters, digits, '-' and '_', so they use '_' as the separator.
 */
public record MonitoringNames(String namespace, String name) {
  static final String PREFIX = "aurora-operator";

  /** Every alarm of this resource starts with this; the trailing '/' keeps "orders" from matching "orders-2". */
  /**
   * Names for the target of an AuroraMigration. ':' cannot occur in Kubernetes names, so these never meet
   * a DatabaseCluster's; in dashboard names it becomes '_', which Kubernetes names cannot contain either.
   */
  public static MonitoringNames forMigration(String namespace, String name) {
    return new MonitoringNames(namespace, "amig:" + name);
  }

  public String alarmPrefix() {
    return PREFIX + "/" + namespace + "/" + name + "/";
  }

  public String alarm(String key) {
    return alarmPrefix() + key;
  }

  public String dashboard() {
    return PREFIX + "_" + dashboardSafe(namespace) + "_" + dashboardSafe(name);
  }

  /**
   * The fleet overview of every monitored cluster of a namespace in one region. Dashboard names are global
   * to the account while their metrics are regional, hence the region in the name.
   */
  public static String fleetDashboard(String namespace, String region) {
    return PREFIX + "-fleet_" + dashboardSafe(namespace) + "_" + region;
  }

  public static String consoleUrl(String region, String dashboard) {
    return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
        + "#dashboards:name=" + dashboard;
  }

  /** Kubernetes names may contain '.', which dashboard names do not allow. */
  private static String dashboardSafe(String s) {
    return s.replace('.', '-').replace(':', '_');
  }
}
