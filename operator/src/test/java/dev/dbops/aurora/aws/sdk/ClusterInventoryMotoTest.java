package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.Filter;

@ExtendWith(MotoServer.class)
class ClusterInventoryMotoTest {
  private static final Duration MAX_AGE = Duration.ofSeconds(30);
  private static final int PAGE_SIZE = 20; // the smallest page RDS accepts
  private static final int CLUSTERS = 25;
  private static final int INSTANCES = 25;

  private final ManualClock clock = new ManualClock();
  private SdkAwsRegions regions;
  private RdsClient seeding;
  private RdsClient observed;
  private ApiCallCounter calls;
  private ClusterInventory inventory;

  @BeforeEach
  void seedClusters() {
    regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), PAGE_SIZE);
    seeding = MotoRds.client(regions);
    for (int i = 0; i < CLUSTERS; i++) {
      String id = "cluster-" + i;
      seeding.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("15.4")
          .masterUsername("admin_user").masterUserPassword("password123").engineMode("provisioned")
          .backupRetentionPeriod(1)
          .serverlessV2ScalingConfiguration(s -> s.minCapacity(0.5).maxCapacity(4.0)));
    }
    // All instances in one cluster, so the instance listing needs two pages of 20.
    for (int i = 0; i < INSTANCES; i++) {
      String id = "cluster-0-" + i;
      int tier = i;
      seeding.createDBInstance(b -> b.dbInstanceIdentifier(id).dbClusterIdentifier("cluster-0")
          .engine("aurora-postgresql").dbInstanceClass("db.serverless").promotionTier(Math.min(tier, 15)));
    }
    calls = new ApiCallCounter();
    observed = regions.configure(RdsClient.builder(), MotoServer.REGION, calls).build();
    inventory = new ClusterInventory(observed, MAX_AGE, PAGE_SIZE, clock);
  }

  @AfterEach
  void close() {
    seeding.close();
    observed.close();
    regions.close();
  }

  @Test
  void oneListingServesEveryFindUntilItExpires() {
    for (int i = 0; i < CLUSTERS; i++) {
      assertThat(inventory.findCluster("cluster-" + i)).isPresent();
      inventory.findInstances("cluster-" + i);
    }
    assertThat(inventory.findInstances("cluster-0")).hasSize(INSTANCES);
    assertThat(inventory.findCluster("not-there")).isEmpty();

    assertThat(inventory.listings()).isEqualTo(1);
    // moto ignores MaxRecords on DescribeDBClusters (one page of 25); it pages DescribeDBInstances (20 + 5).
    assertThat(calls.count("DescribeDBClusters")).isEqualTo(1);
    assertThat(calls.count("DescribeDBInstances")).isEqualTo(2);
  }

  @Test
  void expiredListingIsReplacedOnTheNextFind() {
    inventory.findCluster("cluster-1");
    seeding.createDBCluster(b -> b.dbClusterIdentifier("late").engine("aurora-postgresql")
        .masterUsername("admin_user").masterUserPassword("password123"));

    clock.advance(MAX_AGE.minusSeconds(1));
    assertThat(inventory.findCluster("late")).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(inventory.findCluster("late")).isPresent();
    assertThat(inventory.listings()).isEqualTo(2);
  }

  @Test
  void burstOfFindsAfterExpiryMakesOneListing() throws Exception {
    inventory.findCluster("cluster-0");
    clock.advance(MAX_AGE);
    long describesBefore = calls.count("DescribeDBClusters");

    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String id = "cluster-" + t;
      results.add(pool.submit(() -> {
        go.await();
        return inventory.findCluster(id).isPresent();
      }));
    }
    go.countDown();
    for (Future<Boolean> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
    }
    pool.shutdown();

    assertThat(inventory.listings()).isEqualTo(2);
    assertThat(calls.count("DescribeDBClusters") - describesBefore).isEqualTo(1);
  }

  @Test
  void refreshReReadsThatClusterAloneOnItsNextFind() {
    inventory.findCluster("cluster-3");
    seeding.modifyDBCluster(b -> b.dbClusterIdentifier("cluster-3").applyImmediately(true).backupRetentionPeriod(21));

    assertThat(inventory.findCluster("cluster-3").orElseThrow().backupRetentionDays())
        .as("cached until refreshed").isEqualTo(1);

    inventory.refresh("cluster-3");
    AuroraCluster reread = inventory.findCluster("cluster-3").orElseThrow();
    inventory.findCluster("cluster-3");
    inventory.findCluster("cluster-4");

    assertThat(reread.backupRetentionDays()).isEqualTo(21);
    assertThat(inventory.listings()).isEqualTo(1);
    assertThat(inventory.targetedReads()).isEqualTo(1);
    assertThat(calls.count("DescribeDBClusters")).isEqualTo(2);
  }

  @Test
  void refreshFindsClusterCreatedAfterTheListingAndForgetsDeletedOne() {
    inventory.findCluster("cluster-0");
    seeding.createDBCluster(b -> b.dbClusterIdentifier("new-one").engine("aurora-postgresql")
        .masterUsername("admin_user").masterUserPassword("password123"));
    seeding.createDBInstance(b -> b.dbInstanceIdentifier("new-one-1").dbClusterIdentifier("new-one")
        .engine("aurora-postgresql").dbInstanceClass("db.serverless"));
    seeding.deleteDBCluster(b -> b.dbClusterIdentifier("cluster-5").skipFinalSnapshot(true));

    inventory.refresh("new-one");
    inventory.refresh("cluster-5");

    assertThat(inventory.findCluster("new-one")).isPresent();
    assertThat(inventory.findInstances("new-one")).extracting(AuroraInstance::identifier).containsExactly("new-one-1");
    assertThat(inventory.findCluster("cluster-5")).isEmpty();
    assertThat(inventory.listings()).isEqualTo(1);
  }

  @Test
  void instancesComeWriterFirstThenByPromotionTier() {
    List<AuroraInstance> instances = inventory.findInstances("cluster-0");
    AuroraCluster cluster = inventory.findCluster("cluster-0").orElseThrow();
    String writer = cluster.members().stream().filter(m -> m.writer()).findFirst().orElseThrow().instanceId();

    assertThat(instances.get(0).identifier()).isEqualTo(writer);
    assertThat(instances.subList(1, instances.size()))
        .extracting(AuroraInstance::promotionTier)
        .isSortedAccordingTo(Integer::compare);
  }

  @Test
  void aClusterNeverCountsAnotherClustersInstancesWhateverTheFilterReturned() {
    try (SdkAwsRegions lax = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), PAGE_SIZE,
            List.of(new InstanceFilterIgnored()));
        RdsClient rds = lax.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      ClusterInventory laxInventory = new ClusterInventory(rds, MAX_AGE, PAGE_SIZE, clock);
      laxInventory.findCluster("cluster-1");

      laxInventory.refresh("cluster-1");
      List<AuroraInstance> instances = laxInventory.findInstances("cluster-1");

      assertThat(laxInventory.targetedReads()).as("the re-read asked with the filter").isEqualTo(1);
      assertThat(instances).isEmpty();
      assertThat(laxInventory.findInstances("cluster-0")).hasSize(INSTANCES);
    }
  }

  @Test
  void refreshesAskedTogetherAreReReadByOneDescribe() {
    inventory.findCluster("cluster-1");
    for (String id : List.of("cluster-1", "cluster-2", "cluster-3")) {
      seeding.modifyDBCluster(b -> b.dbClusterIdentifier(id).applyImmediately(true).backupRetentionPeriod(21));
      inventory.refresh(id);
    }
    seeding.createDBInstance(b -> b.dbInstanceIdentifier("cluster-2-1").dbClusterIdentifier("cluster-2")
        .engine("aurora-postgresql").dbInstanceClass("db.serverless"));
    seeding.deleteDBCluster(b -> b.dbClusterIdentifier("cluster-5").skipFinalSnapshot(true));
    inventory.refresh("cluster-5");
    long clusterDescribes = calls.count("DescribeDBClusters");
    long instanceDescribes = calls.count("DescribeDBInstances");

    assertThat(inventory.findCluster("cluster-1").orElseThrow().backupRetentionDays()).isEqualTo(21);
    assertThat(inventory.findCluster("cluster-2").orElseThrow().backupRetentionDays()).isEqualTo(21);
    assertThat(inventory.findCluster("cluster-3").orElseThrow().backupRetentionDays()).isEqualTo(21);
    assertThat(inventory.findInstances("cluster-2")).extracting(AuroraInstance::identifier).containsExactly("cluster-2-1");
    assertThat(inventory.findInstances("cluster-0")).as("not re-read, as listed").hasSize(INSTANCES);
    assertThat(inventory.findCluster("cluster-5")).as("gone: not in the filtered answer").isEmpty();

    assertThat(inventory.targetedReads()).isEqualTo(1);
    assertThat(calls.count("DescribeDBClusters") - clusterDescribes).isEqualTo(1);
    assertThat(calls.count("DescribeDBInstances") - instanceDescribes).isEqualTo(1);
    assertThat(inventory.listings()).isEqualTo(1);
  }

  @Test
  void aFindWaitingForABatchThatIncludesItsClusterMakesNoCallOfItsOwn() throws Exception {
    BatchGate gate = new BatchGate();
    try (SdkAwsRegions gated = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), PAGE_SIZE,
            List.of(gate));
        RdsClient rds = gated.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      ClusterInventory gatedInventory = new ClusterInventory(rds, MAX_AGE, PAGE_SIZE, clock);
      gatedInventory.findCluster("cluster-1");
      seeding.modifyDBCluster(b -> b.dbClusterIdentifier("cluster-2").applyImmediately(true).backupRetentionPeriod(21));
      gatedInventory.refresh("cluster-1");
      gatedInventory.refresh("cluster-2");

      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<?> first = pool.submit(() -> gatedInventory.findCluster("cluster-1"));
      assertThat(gate.entered.await(30, TimeUnit.SECONDS)).as("the batch reached AWS").isTrue();
      Future<AuroraCluster> second = pool.submit(() -> gatedInventory.findCluster("cluster-2").orElseThrow());
      Thread.sleep(200); // the second find is waiting for the batch now
      gate.open();
      first.get(30, TimeUnit.SECONDS);

      assertThat(second.get(30, TimeUnit.SECONDS).backupRetentionDays()).isEqualTo(21);
      assertThat(gatedInventory.targetedReads()).isEqualTo(1);
      pool.shutdown();
    }
  }

  @Test
  void aRefreshAskedWhileABatchIsOnItsWayIsReReadByTheNext() throws Exception {
    BatchGate gate = new BatchGate();
    try (SdkAwsRegions gated = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), PAGE_SIZE,
            List.of(gate));
        RdsClient rds = gated.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      ClusterInventory gatedInventory = new ClusterInventory(rds, MAX_AGE, PAGE_SIZE, clock);
      gatedInventory.findCluster("cluster-1");
      gatedInventory.refresh("cluster-1");
      gatedInventory.refresh("cluster-2");

      ExecutorService pool = Executors.newFixedThreadPool(1);
      Future<?> first = pool.submit(() -> gatedInventory.findCluster("cluster-1"));
      assertThat(gate.entered.await(30, TimeUnit.SECONDS)).as("the batch reached AWS").isTrue();
      // Written and asked for after the batch's describe began: that answer may not show it.
      seeding.modifyDBCluster(b -> b.dbClusterIdentifier("cluster-2").applyImmediately(true).backupRetentionPeriod(21));
      gatedInventory.refresh("cluster-2");
      gate.open();
      first.get(30, TimeUnit.SECONDS);
      pool.shutdown();

      assertThat(gatedInventory.findCluster("cluster-2").orElseThrow().backupRetentionDays()).isEqualTo(21);
      assertThat(gatedInventory.targetedReads()).isEqualTo(2);
    }
  }

  @Test
  void whileOneFindListsTheOthersAreAnsweredFromTheExpiredListing() throws Exception {
    ListingGate gate = new ListingGate();
    try (SdkAwsRegions gated = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), PAGE_SIZE,
            List.of(gate));
        RdsClient rds = gated.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      ClusterInventory gatedInventory = new ClusterInventory(rds, MAX_AGE, PAGE_SIZE, clock);
      gatedInventory.findCluster("cluster-1");
      seeding.modifyDBCluster(b -> b.dbClusterIdentifier("cluster-3").applyImmediately(true).backupRetentionPeriod(21));
      clock.advance(MAX_AGE);
      gate.close();

      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<AuroraCluster> lister = pool.submit(() -> gatedInventory.findCluster("cluster-3").orElseThrow());
      assertThat(gate.entered.await(30, TimeUnit.SECONDS)).as("the second listing began").isTrue();
      Future<AuroraCluster> other = pool.submit(() -> gatedInventory.findCluster("cluster-3").orElseThrow());

      assertThat(other.get(10, TimeUnit.SECONDS).backupRetentionDays()).as("answered from the expired listing")
          .isEqualTo(1);
      gate.open();
      assertThat(lister.get(30, TimeUnit.SECONDS).backupRetentionDays()).isEqualTo(21);
      assertThat(gatedInventory.findCluster("cluster-3").orElseThrow().backupRetentionDays()).isEqualTo(21);
      assertThat(gatedInventory.listings()).isEqualTo(2);
      pool.shutdown();
    }
  }

  /** Once closed, holds listings of clusters (DescribeDBClusters without an identifier) until opened. */
  private static final class ListingGate implements ExecutionInterceptor {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean closed;

    void close() {
      closed = true;
    }

    void open() {
      opened.countDown();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (closed && context.request() instanceof software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest d
          && d.dbClusterIdentifier() == null) {
        entered.countDown();
        try {
          opened.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Holds the first re-read of several clusters (DescribeDBClusters with a filter) until opened. */
  private static final class BatchGate implements ExecutionInterceptor {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    void open() {
      opened.countDown();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest d
          && d.hasFilters() && entered.getCount() > 0) {
        entered.countDown();
        try {
          opened.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** An endpoint that ignores DescribeDBInstances' db-cluster-id filter and answers with every instance. */
  private static final class InstanceFilterIgnored implements ExecutionInterceptor {
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
      if (context.request() instanceof DescribeDbInstancesRequest describe && describe.hasFilters()) {
        return describe.toBuilder().filters((java.util.Collection<Filter>) null).build();
      }
      return context.request();
    }
  }
}
