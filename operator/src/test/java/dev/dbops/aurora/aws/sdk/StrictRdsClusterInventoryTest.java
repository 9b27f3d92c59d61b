package dev.dbops.aurora.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.ManualClock;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import dev.dbops.aurora.testing.strictrds.StrictRdsOnMoto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * ClusterInventoryMotoTest's listing scenarios through {@link StrictRds}: DescribeDBClusters is paged as RDS
 * pages it (moto alone returns every cluster in one page), and one request in five fails.
 */
@ExtendWith(MotoServer.class)
class StrictRdsClusterInventoryTest {
  private static final int PAGE_SIZE = 20;
  private static final int CLUSTERS = 25;

  private final ManualClock clock = new ManualClock();
  private StrictRdsOnMoto rds;
  private StrictRds strict;
  private RdsClient observed;
  private ApiCallCounter calls;
  private ClusterInventory inventory;

  private void start(Settings settings) {
    // Seed moto directly: the scenarios are about the listing, not the creates.
    try (SdkAwsRegions direct = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), PAGE_SIZE);
        RdsClient seeding = MotoRds.client(direct)) {
      for (int i = 0; i < CLUSTERS; i++) {
        String id = "cluster-" + i;
        seeding.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("15.4")
            .masterUsername("admin_user").masterUserPassword("password123").engineMode("provisioned")
            .serverlessV2ScalingConfiguration(s -> s.minCapacity(0.5).maxCapacity(4.0)));
      }
      seeding.createDBInstance(b -> b.dbInstanceIdentifier("cluster-0-1").dbClusterIdentifier("cluster-0")
          .engine("aurora-postgresql").dbInstanceClass("db.serverless"));
    }
    rds = StrictRdsOnMoto.start(settings, PAGE_SIZE);
    strict = rds.strict();
    calls = new ApiCallCounter();
    observed = rds.regions().configure(RdsClient.builder(), MotoServer.REGION, calls).build();
    inventory = new ClusterInventory(observed, Duration.ofSeconds(30), PAGE_SIZE, clock);
  }

  @AfterEach
  void close() {
    if (observed != null) {
      observed.close();
    }
    if (rds != null) {
      rds.close();
    }
  }

  @Test
  void listingFollowsMarkersAcrossPagesOfTwenty() {
    start(Settings.realisticScaledDown());

    for (int i = 0; i < CLUSTERS; i++) {
      assertThat(inventory.findCluster("cluster-" + i)).as("cluster-" + i).isPresent();
    }
    assertThat(inventory.findInstances("cluster-0")).hasSize(1);

    assertThat(inventory.listings()).isEqualTo(1);
    assertThat(calls.count("DescribeDBClusters")).isEqualTo(2); // 20 + 5, as RDS pages them
  }

  @Test
  void burstOfFindsAfterExpiryStillMakesOneListingWhenRequestsFail() throws Exception {
    start(Settings.realisticScaledDown().withFaults(0.2, 10));
    inventory.findCluster("cluster-0");
    clock.advance(Duration.ofSeconds(30));
    long listingsBefore = inventory.listings();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String id = "cluster-" + t;
      results.add(pool.submit(() -> {
        go.await();
        return inventory.findCluster(id).isPresent();
      }));
    }
    go.countDown();
    for (Future<Boolean> result : results) {
      assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
    }
    pool.shutdown();

    System.out.println("StrictRds 20% faults, inventory burst: " + strict.counts() + "; SDK attempts DescribeDBClusters="
        + calls.attempts("DescribeDBClusters") + " calls=" + calls.count("DescribeDBClusters"));
    // Seed 10 fails the 2nd, 6th and 7th request: both listings meet a fault and the SDK retries through it.
    assertThat(strict.counts().injected()).isEqualTo(3);
    assertThat(calls.attempts("DescribeDBClusters") + calls.attempts("DescribeDBInstances"))
        .isEqualTo(strict.counts().requests());
    assertThat(inventory.listings() - listingsBefore).isEqualTo(1);
  }
}
