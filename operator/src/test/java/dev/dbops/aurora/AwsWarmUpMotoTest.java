package dev.dbops.aurora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.testing.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;

@ExtendWith(MotoServer.class)
class AwsWarmUpMotoTest {

  @Test
  void theFirstFindAfterTheWarmUpIsAnsweredFromItsListing() throws Exception {
    ListingCounter listings = new ListingCounter();
    try (SdkAwsRegions regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), 20,
        List.of(listings))) {
      AwsWarmUp.inBackground(regions).join(30_000);
      assertThat(listings.count.get()).as("the warm-up listed the region").isEqualTo(1);

      regions.clusters(regions.defaultRegion()).findCluster("db-0001");

      assertThat(listings.count.get()).as("no second listing for the first reconcile").isEqualTo(1);
    }
  }

  @Test
  void anUnreachableAwsDoesNotStopTheOperatorFromStarting() throws Exception {
    AwsSettings moto = MotoServer.settings();
    AwsSettings nobodyListening = new AwsSettings(moto.defaultRegion(), Optional.of(URI.create("http://127.0.0.1:9")),
        moto.inventoryRefreshInterval(), 1);
    try (SdkAwsRegions unreachable = new SdkAwsRegions(nobodyListening, MotoServer.credentials(), 20)) {
      Thread warmUp = AwsWarmUp.inBackground(unreachable);
      warmUp.join(60_000);
      assertThat(warmUp.isAlive()).isFalse();
    }
  }

  /** Counts listings of clusters (DescribeDBClusters without an identifier or filter). */
  private static final class ListingCounter implements ExecutionInterceptor {
    final AtomicInteger count = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof DescribeDbClustersRequest d && d.dbClusterIdentifier() == null
          && !d.hasFilters()) {
        count.incrementAndGet();
      }
    }
  }
}
