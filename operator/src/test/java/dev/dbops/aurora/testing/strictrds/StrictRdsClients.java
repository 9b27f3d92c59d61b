package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.testing.MotoServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Plain SDK clients for the StrictRds tests, with the SDK's standard retries: these tests count attempts, which
 * the operator's adaptive strategy would also pace after a throttle (see SdkAwsRegions).
 */
final class StrictRdsClients {
  private StrictRdsClients() {}

  /** An RdsClient on {@code endpoint} with the SDK's standard retry strategy and this many attempts. */
  static RdsClient rds(URI endpoint, int maxAttempts) {
    return rds(endpoint, maxAttempts, new AttemptLog());
  }

  static RdsClient rds(URI endpoint, int maxAttempts, AttemptLog attempts) {
    return RdsClient.builder()
        .region(Region.of(MotoServer.REGION))
        .credentialsProvider(MotoServer.credentials())
        .endpointOverride(endpoint)
        .httpClient(UrlConnectionHttpClient.builder().build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
            .addExecutionInterceptor(attempts)
            .build())
        .build();
  }

  /** Every HTTP attempt the SDK made, retries included, by HTTP status of the answer. */
  static final class AttemptLog implements ExecutionInterceptor {
    final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
      statuses.add(context.httpResponse().statusCode());
    }
  }
}
