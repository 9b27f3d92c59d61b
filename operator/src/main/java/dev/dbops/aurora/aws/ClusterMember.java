package dev.dbops.aurora.aws;

/** An instance as the cluster lists it. */
public record ClusterMember(String instanceId, boolean writer, Integer promotionTier) {}
