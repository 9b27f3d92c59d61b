package dev.dbops.aurora.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the operator reaches AWS.
 *
 * @param defaultRegion region for resources that name none
 * @param endpointOverride one endpoint for every service (moto, LocalStack); empty for AWS itself
 * @param inventoryRefreshInterval how old the shared DescribeDBClusters listing may get
 * @param maxAttempts attempts per call, including the first, for the SDK's adaptive retry strategy
 */
public record AwsSettings(
    String defaultRegion, Optional<URI> endpointOverride, Duration inventoryRefreshInterval, int maxAttempts) {}
