package dev.dbops.aurora.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.UpgradeTarget;
import dev.dbops.aurora.testing.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * moto lacks DescribeDBEngineVersions, so this serves the answer RDS documents from a loopback HTTP server
 * and checks that the SDK request and the mapping to {@link UpgradeTarget} are right.
 */
class UpgradeTargetsFromRdsAnswerTest {
  private static final String ANSWER = """
      <DescribeDBEngineVersionsResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
        <DescribeDBEngineVersionsResult>
          <DBEngineVersions>
            <DBEngineVersion>
              <Engine>aurora-postgresql</Engine>
              <EngineVersion>13.12</EngineVersion>
              <ValidUpgradeTarget>
                <UpgradeTarget>
                  <Engine>aurora-postgresql</Engine>
                  <EngineVersion>13.13</EngineVersion>
                  <IsMajorVersionUpgrade>false</IsMajorVersionUpgrade>
                </UpgradeTarget>
                <UpgradeTarget>
                  <Engine>aurora-postgresql</Engine>
                  <EngineVersion>15.4</EngineVersion>
                  <IsMajorVersionUpgrade>true</IsMajorVersionUpgrade>
                </UpgradeTarget>
              </ValidUpgradeTarget>
            </DBEngineVersion>
          </DBEngineVersions>
        </DescribeDBEngineVersionsResult>
        <ResponseMetadata><RequestId>5e5c0c9f-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
      </DescribeDBEngineVersionsResponse>
      """;

  private final AtomicReference<String> lastRequest = new AtomicReference<>();
  private HttpServer server;

  @BeforeEach
  void serveRdsAnswer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      lastRequest.set(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          StandardCharsets.UTF_8));
      byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void validUpgradeTargetsAreReadWithTheirMajorFlag() {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    AwsSettings settings = new AwsSettings("us-east-1", Optional.of(endpoint), Duration.ofMinutes(1), 1);
    try (SdkAwsRegions regions = new SdkAwsRegions(settings, MotoServer.credentials(), 100)) {
      List<UpgradeTarget> targets = regions.clusters("us-east-1").validUpgradeTargets("aurora-postgresql", "13.12");

      assertThat(targets).containsExactly(new UpgradeTarget("13.13", false), new UpgradeTarget("15.4", true));
      assertThat(lastRequest.get())
          .contains("Action=DescribeDBEngineVersions", "Engine=aurora-postgresql", "EngineVersion=13.12");
    }
  }
}
