package dev.dbops.aurora.cluster;

/** One db.serverless instance the spec asks for. */
public record DesiredInstance(
    String identifier,
    Integer promotionTier,
    boolean performanceInsightsEnabled,
    Integer performanceInsightsRetentionDays,
    String performanceInsightsKmsKeyId,
    boolean publiclyAccessible) {}
