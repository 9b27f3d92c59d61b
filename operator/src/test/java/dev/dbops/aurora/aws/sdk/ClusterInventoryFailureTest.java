package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.testing.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;

/** The inventory while AWS cannot be reached: no moto needed, the endpoint is a closed loopback port. */
class ClusterInventoryFailureTest {

  @Test
  void failedListingIsSharedByCallersUntilTheHoldPasses() throws Exception {
    ManualClock clock = new ManualClock();
    var settings = new dev.dbops.aurora.aws.AwsSettings("us-east-1", Optional.of(URI.create("http://127.0.0.1:" + closedPort())),
        Duration.ofMinutes(1), 1);
    try (SdkAwsRegions regions = new SdkAwsRegions(settings, MotoServer.credentials(), 100);
        RdsClient rds = regions.configure(RdsClient.builder(), "us-east-1", new ApiCallCounter()).build()) {
      ClusterInventory inventory = new ClusterInventory(rds, Duration.ofMinutes(1), 100, clock);

      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> finds = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        finds.add(pool.submit(() -> {
          go.await();
          return inventory.findCluster("any");
        }));
      }
      go.countDown();
      for (Future<?> find : finds) {
        assertThatThrownBy(() -> find.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SdkException.class);
      }
      pool.shutdown();
      assertThat(inventory.listings()).isEqualTo(1);

      clock.advance(ClusterInventory.FAILURE_HOLD);
      assertThatThrownBy(() -> inventory.findCluster("any")).isInstanceOf(SdkException.class);
      assertThat(inventory.listings()).isEqualTo(2);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
