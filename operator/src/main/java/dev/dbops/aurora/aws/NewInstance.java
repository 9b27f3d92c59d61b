package dev.dbops.aurora.aws;

import java.util.Map;

/** CreateDBInstance for a member of a cluster. */
public record NewInstance(
    String identifier,
    String clusterId,
    String engine,
    String instanceClass,
    Integer promotionTier,
    boolean performanceInsightsEnabled,
    Integer performanceInsightsRetentionDays,
    String performanceInsightsKmsKeyId,
    String parameterGroup,
    boolean publiclyAccessible,
    Map<String, String> tags) {}
