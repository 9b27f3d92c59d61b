package dev.dbops.aurora.aws;

/** One ModifyDBInstance call, applied immediately; null leaves a setting as it is. */
public record InstanceChanges(
    Integer promotionTier,
    Boolean performanceInsightsEnabled,
    Integer performanceInsightsRetentionDays,
    String parameterGroup) {

  public boolean isEmpty() {
    return promotionTier == null
        && performanceInsightsEnabled == null
        && performanceInsightsRetentionDays == null
        && parameterGroup == null;
  }
}
