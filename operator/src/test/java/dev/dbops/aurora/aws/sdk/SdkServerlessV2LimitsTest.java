package dev.dbops.aurora.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.ServerlessV2Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * ServerlessV2FeaturesSupport as the SDK reads it off the wire. moto lacks DescribeDBEngineVersions (see
 * SdkClusterApiMotoTest), so this one answer, shaped like the RDS API Reference's response, is canned.
 */
class SdkServerlessV2LimitsTest {

  @Test
  void readsTheLimitsAwsStatesForTheVersion() {
    CannedRds rds = new CannedRds(response("""
        <ServerlessV2FeaturesSupport><MinCapacity>0.0</MinCapacity><MaxCapacity>256.0</MaxCapacity></ServerlessV2FeaturesSupport>"""));

    assertThat(rds.api().serverlessV2Limits("aurora-postgresql", "15.8")).contains(new ServerlessV2Limits(0.0, 256.0));
    assertThat(rds.requests).singleElement().satisfies(body -> assertThat(body)
        .contains("Action=DescribeDBEngineVersions").contains("Engine=aurora-postgresql").contains("EngineVersion=15.8"));
  }

  @Test
  void versionWithoutTheFieldHasNoStatedLimits() {
    CannedRds rds = new CannedRds(response(""));

    assertThat(rds.api().serverlessV2Limits("aurora-postgresql", "13.12")).isEmpty();
  }

  private static String response(String featuresSupport) {
    return """
        <DescribeDBEngineVersionsResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
          <DescribeDBEngineVersionsResult>
            <DBEngineVersions>
              <DBEngineVersion>
                <Engine>aurora-postgresql</Engine>
                <EngineVersion>15.8</EngineVersion>
                %s
              </DBEngineVersion>
            </DBEngineVersions>
          </DescribeDBEngineVersionsResult>
          <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
        </DescribeDBEngineVersionsResponse>""".formatted(featuresSupport);
  }

  /** An HTTP client that answers every request with one body and keeps the request bodies. */
  private static final class CannedRds implements SdkHttpClient {
    final List<String> requests = new ArrayList<>();
    private final byte[] body;

    CannedRds(String body) {
      this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    SdkClusterApi api() {
      RdsClient client = RdsClient.builder()
          .region(Region.US_EAST_1)
          .endpointOverride(URI.create("http://rds.invalid"))
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example")))
          .httpClient(this)
          .build();
      return new SdkClusterApi(client, new ClusterInventory(client, Duration.ofMinutes(1), 100, Clock.systemUTC()),
          new ApiCallCounter());
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          request.contentStreamProvider().ifPresent(content -> {
            try {
              requests.add(new String(content.newStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(200).build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }
}
