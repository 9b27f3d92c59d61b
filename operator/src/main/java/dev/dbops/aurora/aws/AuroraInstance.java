package dev.dbops.aurora.aws;

/** A DB instance of a cluster as RDS describes it. */
public record AuroraInstance(
    String identifier,
    String arn,
    String clusterId,
    String instanceClass,
    String status,
    Integer promotionTier,
    boolean performanceInsightsEnabled,
    Integer performanceInsightsRetentionDays,
    String parameterGroup) {

  public boolean isAvailable() {
    return "available".equals(status);
  }
}
