package dev.dbops.aurora.aws;

/**
 * The Serverless v2 capacity range AWS states for one engine version (DescribeDBEngineVersions,
 * ServerlessV2FeaturesSupport). A null bound is one AWS did not state.
 *
 * @param minCapacity the lowest minimum; 0 means the version has auto-pause
 * @param maxCapacity the highest maximum, 256 or 128
 */
public record ServerlessV2Limits(Double minCapacity, Double maxCapacity) {}
