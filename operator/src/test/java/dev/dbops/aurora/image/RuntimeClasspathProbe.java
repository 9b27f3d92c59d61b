package dev.dbops.aurora.image;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkMonitoringApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.async.SdkAsyncHttpService;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Run by {@link RuntimeHttpClientsTest} in a JVM with only the operator's runtime classpath (what the image
 * holds): prints the HTTP client implementations found there, and builds every client the operator builds
 * the way it does at runtime, each making one call, one line per result. Uses nothing from test scope.
 *
 * <p>Arguments: the AWS endpoint (moto), a Route 53 hosted zone id there, and CloudWatchOnMoto's endpoint.
 */
public final class RuntimeClasspathProbe {
  private RuntimeClasspathProbe() {}

  public static void main(String[] args) throws Exception {
    ServiceLoader.load(HttpClient.Factory.class).stream()
        .forEach(p -> System.out.println("fabric8-http-factory " + p.type().getName()));
    ServiceLoader.load(SdkHttpService.class).stream()
        .forEach(p -> System.out.println("aws-sync-http " + p.type().getName()));
    ServiceLoader.load(SdkAsyncHttpService.class).stream()
        .forEach(p -> System.out.println("aws-async-http " + p.type().getName()));
    // A builder without a factory, as JOSDK or any library would build one: it must still find one.
    try (KubernetesClient implicit = new KubernetesClientBuilder().build()) {
      System.out.println("fabric8-implicit-client " + implicit.getHttpClient().getClass().getName());
    }

    URI aws = URI.create(args[0]);
    // The operator's own AWS clients, with the default credential chain as AuroraOperator builds them;
    // the environment makes that chain end at web identity (IRSA), which builds its own STS client.
    var credentials = DefaultCredentialsProvider.builder().build().resolveCredentials();
    // The SDK's business-metric codes of the provider: h,k = web identity token from env, STS AssumeRoleWithWebIdentity.
    System.out.println("aws-credentials " + credentials.providerName().orElse("?")
        + " " + credentials.accessKeyId().substring(0, 4));
    AwsSettings settings = new AwsSettings("us-east-1", Optional.of(aws), Duration.ofMinutes(5), 1);
    try (SdkAwsRegions regions = new SdkAwsRegions(settings, List.of())) {
      System.out.println("rds findCluster " + regions.clusters("us-east-1").findCluster("absent").isPresent());
      // CloudWatch as buildRegion configures it, only sent through CloudWatchOnMoto (moto speaks no CBOR).
      try (CloudWatchClient cloudWatch = regions.configure(CloudWatchClient.builder(), "us-east-1",
          new ApiCallCounter()).endpointOverride(URI.create(args[2])).build()) {
        System.out.println("cloudwatch describeAlarms " + new SdkMonitoringApi(cloudWatch).describeAlarms("absent").size());
      }
      System.out.println("route53 findCname " + regions.dns().findCname(args[1], "absent.example.com.").isPresent());
    }
  }
}
