package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.MonitoringApi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import dev.dbops.aurora.aws.DnsApi;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The real AWS behind {@link AwsRegions}: per region one RdsClient, one inventory and one
 * {@link SdkClusterApi}, built on first use and kept until {@link #close()}.
 *
 * <p>An explicit endpoint override in the settings is set on every client builder; the SDK itself also
 * honours AWS_ENDPOINT_URL (and aws.endpointUrl), but only when no override is set in code, so the
 * operator's AURORA_AWS_ENDPOINT always wins.
 */
public final class SdkAwsRegions implements AwsRegions, AutoCloseable {
  /** RDS's largest page for DescribeDBClusters and DescribeDBInstances: fewest calls per listing. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  // Bounds a reconciler thread's wait on one call; the SDK's retries happen inside these limits.
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final AwsSettings settings;
  private final List<ExecutionInterceptor> observers;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final int inventoryPageSize;
  // One HTTP client for all regions and services: the URL-connection client keeps no pool of its own
  // beyond the JDK's keep-alive cache, so sharing it costs nothing and closes in one place.
  private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
  private final Map<String, RegionClients> regions = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile SdkDnsApi dns;
  private volatile Route53Client route53;

  /** Credentials from the default chain: env, system properties, web identity (IRSA), EKS Pod Identity, IMDS. */
  public SdkAwsRegions(AwsSettings settings) {
    this(settings, DefaultCredentialsProvider.builder().build(), true, DEFAULT_PAGE_SIZE, List.of());
  }

  /**
   * Like {@link #SdkAwsRegions(AwsSettings)}, with interceptors that observe every call of every client
   * (the operator's AWS call metrics). An observer that is also a {@link MetricPublisher} receives the SDK's
   * metrics of every call as well, with one entry per attempt.
   */
  public SdkAwsRegions(AwsSettings settings, List<ExecutionInterceptor> observers) {
    this(settings, DefaultCredentialsProvider.builder().build(), true, DEFAULT_PAGE_SIZE, observers);
  }

  /** For tests and tools that bring their own credentials or a smaller listing page (RDS allows 20–100). */
  public SdkAwsRegions(AwsSettings settings, AwsCredentialsProvider credentials, int inventoryPageSize) {
    this(settings, credentials, false, inventoryPageSize, List.of());
  }

  /** For tests that also observe the calls. */
  public SdkAwsRegions(AwsSettings settings, AwsCredentialsProvider credentials, int inventoryPageSize,
      List<ExecutionInterceptor> observers) {
    this(settings, credentials, false, inventoryPageSize, observers);
  }

  private SdkAwsRegions(AwsSettings settings, AwsCredentialsProvider credentials, boolean ownsCredentials,
      int inventoryPageSize, List<ExecutionInterceptor> observers) {
    this.observers = List.copyOf(observers);
    this.settings = settings;
    this.credentials = credentials;
    this.ownsCredentials = ownsCredentials;
    this.inventoryPageSize = inventoryPageSize;
  }

  @Override
  public ClusterApi clusters(String region) {
    return regionClients(region).clusterApi();
  }

  @Override
  public MonitoringApi monitoring(String region) {
    return regionClients(region).monitoringApi();
  }

  /** The same as {@link #clusters} with the SDK type, for call counts. */
  public SdkClusterApi sdkClusters(String region) {
    return regionClients(region).clusterApi();
  }

  @Override
  public synchronized DnsApi dns() {
    if (closed) {
      throw new IllegalStateException("SdkAwsRegions is closed");
    }
    if (dns == null) {
      // Route53 is a global service: its endpoint and signing region are aws-global.
      route53 = configure(Route53Client.builder(), Region.AWS_GLOBAL.id(), new ApiCallCounter()).build();
      dns = new SdkDnsApi(route53);
    }
    return dns;
  }

  @Override
  public String defaultRegion() {
    return settings.defaultRegion();
  }

  /**
   * Applies region, credentials, endpoint override, retries and timeouts to any service client builder,
   * so clients for other services (CloudWatch, Route 53 …) are configured like RDS.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, String region, ApiCallCounter counter) {
    builder
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(httpClient)
        .overrideConfiguration(overrides(counter));
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }

  /**
   * The SDK's adaptive retry strategy: after a Throttling answer it also paces each client's first attempts to
   * the rate the service admits, instead of only spacing a call's own retries. RDS throttles all of an account's
   * calls in a region with one token bucket, and while a fleet was created the standard strategy's calls burned
   * their attempts against the empty bucket (1,556 throttled attempts at 1,000 clusters; 884 creates failed back
   * to the reconciler, whose per-resource back-off of up to minutes then set the last create's time).
   */
  private ClientOverrideConfiguration overrides(ApiCallCounter counter) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build())
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .apiCallTimeout(CALL_TIMEOUT)
        .executionInterceptors(withObservers(counter))
        .metricPublishers(publishers())
        .build();
  }

  private List<ExecutionInterceptor> withObservers(ApiCallCounter counter) {
    List<ExecutionInterceptor> all = new java.util.ArrayList<>();
    all.add(counter);
    all.addAll(observers);
    return all;
  }

  /** Observers that also take the SDK's per-attempt metrics (retried failures, which interceptors never see). */
  private List<MetricPublisher> publishers() {
    return observers.stream().filter(MetricPublisher.class::isInstance).map(MetricPublisher.class::cast).toList();
  }

  private RegionClients regionClients(String region) {
    if (closed) {
      throw new IllegalStateException("SdkAwsRegions is closed");
    }
    return regions.computeIfAbsent(region, this::buildRegion);
  }

  private RegionClients buildRegion(String region) {
    ApiCallCounter counter = new ApiCallCounter();
    RdsClient rds = configure(RdsClient.builder(), region, counter).build();
    ClusterInventory inventory =
        new ClusterInventory(rds, settings.inventoryRefreshInterval(), inventoryPageSize, Clock.systemUTC());
    // CloudWatch shares the region's counter so call counts cover every service the operator uses there.
    CloudWatchClient cloudWatch = configure(CloudWatchClient.builder(), region, counter).build();
    return new RegionClients(rds, new SdkClusterApi(rds, inventory, counter), cloudWatch,
        new SdkMonitoringApi(cloudWatch));
  }

  @Override
  public void close() {
    closed = true;
    regions.values().forEach(clients -> {
      clients.rds().close();
      clients.cloudWatch().close();
    });
    if (route53 != null) {
      route53.close();
    }
    regions.clear();
    httpClient.close();
    if (ownsCredentials && credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  private record RegionClients(
      RdsClient rds, SdkClusterApi clusterApi, CloudWatchClient cloudWatch, SdkMonitoringApi monitoringApi) {}
}
