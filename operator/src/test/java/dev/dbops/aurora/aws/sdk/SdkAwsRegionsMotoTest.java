package dev.dbops.aurora.aws.sdk;

import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.testing.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServer.class)
class SdkAwsRegionsMotoTest {
  private static final String ENDPOINT_PROPERTY = "aws.endpointUrl";

  @AfterEach
  void clearEndpointProperty() {
    System.clearProperty(ENDPOINT_PROPERTY);
  }

  @Test
  void eachRegionHasOneClusterApiBuiltOnFirstUse() {
    try (SdkAwsRegions regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), 100)) {
      ClusterApi east = regions.clusters("us-east-1");
      ClusterApi west = regions.clusters("eu-west-1");

      assertThat(regions.clusters("us-east-1")).isSameAs(east);
      assertThat(west).isNotSameAs(east);
      assertThat(regions.defaultRegion()).isEqualTo("us-east-1");

      east.createCluster(serverlessV2("only-in-east", new Capacity(0.5, 2.0, null)));
      assertThat(east.findCluster("only-in-east")).isPresent();
      assertThat(west.findCluster("only-in-east")).isEmpty();
    }
  }

  @Test
  void explicitEndpointOverrideWinsOverAwsEndpointUrl() throws IOException {
    System.setProperty(ENDPOINT_PROPERTY, "http://127.0.0.1:" + closedPort());

    try (SdkAwsRegions regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), 100)) {
      regions.clusters(MotoServer.REGION).createCluster(serverlessV2("via-override", new Capacity(0.5, 2.0, null)));

      assertThat(regions.clusters(MotoServer.REGION).findCluster("via-override")).isPresent();
    }
  }

  @Test
  void withoutOverrideTheSdkHonoursAwsEndpointUrlItself() {
    System.setProperty(ENDPOINT_PROPERTY, MotoServer.endpoint().toString());
    AwsSettings noOverride = new AwsSettings(MotoServer.REGION, Optional.empty(), Duration.ofMinutes(5), 3);

    try (SdkAwsRegions regions = new SdkAwsRegions(noOverride, MotoServer.credentials(), 100)) {
      regions.clusters(MotoServer.REGION).createCluster(serverlessV2("via-property", new Capacity(0.5, 2.0, null)));
    }
    try (SdkAwsRegions viaMoto = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), 100)) {
      assertThat(viaMoto.clusters(MotoServer.REGION).findCluster("via-property")).isPresent();
    }
  }

  @Test
  void sdkRetriesUpToMaxAttemptsThenTheFailureIsClassified() {
    AwsSettings twoAttempts = new AwsSettings(MotoServer.REGION, Optional.of(MotoServer.endpoint()), Duration.ofMinutes(5), 2);
    try (SdkAwsRegions regions = new SdkAwsRegions(twoAttempts, MotoServer.credentials(), 100)) {
      SdkClusterApi api = regions.sdkClusters(MotoServer.REGION);

      // moto answers the unimplemented DescribeDBEngineVersions with HTTP 500, which the SDK retries.
      assertThatThrownBy(() -> api.validUpgradeTargets("aurora-postgresql", "13.12"))
          .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.UNSUPPORTED));
      assertThat(api.calls().count("DescribeDBEngineVersions")).isEqualTo(1);
      assertThat(api.calls().attempts("DescribeDBEngineVersions")).isEqualTo(2);
    }
  }

  @Test
  void unreachableEndpointIsRetryable() throws IOException {
    AwsSettings nowhere = new AwsSettings(MotoServer.REGION,
        Optional.of(java.net.URI.create("http://127.0.0.1:" + closedPort())), Duration.ofMinutes(5), 1);
    try (SdkAwsRegions regions = new SdkAwsRegions(nowhere, MotoServer.credentials(), 100)) {
      assertThatThrownBy(() -> regions.clusters(MotoServer.REGION).findCluster("any"))
          .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.RETRYABLE));
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
