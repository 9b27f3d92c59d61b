package dev.dbops.aurora.bench;

import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkClusterApi;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * What watching many clusters costs: N clusters in moto, every one looked up by as many reconciler
 * threads as the operator runs, over several inventory intervals. Prints RDS calls per interval, the
 * time a lookup takes and the heap the inventory holds. The point is the shape — calls stay flat as N
 * grows — not moto's absolute latency.
 */
public final class InventoryBenchmark {

  public static void main(String[] args) throws Exception {
    int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int threads = 10;
    int intervals = 5;
    Duration interval = Duration.ofSeconds(1);
    MotoServer.reset();
    try (SdkAwsRegions regions = new SdkAwsRegions(MotoServer.settings(interval), MotoServer.credentials(), 100);
        RdsClient rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      long setup = System.nanoTime();
      for (int i = 0; i < clusters; i++) {
        String id = "bench-" + i;
        rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("15.10")
            .masterUsername("postgres").masterUserPassword("bench-password")
            .serverlessV2ScalingConfiguration(s -> s.minCapacity(0.5).maxCapacity(4.0)));
        rds.createDBInstance(b -> b.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id)
            .engine("aurora-postgresql").dbInstanceClass("db.serverless"));
      }
      System.out.printf("setup: %d clusters with one instance each in %d ms%n", clusters, (System.nanoTime() - setup) / 1_000_000);

      SdkClusterApi api = regions.sdkClusters(MotoServer.REGION);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long lookups = 0;
      long lookupNanos = 0;
      for (int round = 0; round < intervals; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < clusters; i++) {
          String id = "bench-" + i;
          pool.submit(() -> {
            api.findCluster(id).orElseThrow();
            api.findInstances(id);
          });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        pool = Executors.newFixedThreadPool(threads);
        lookupNanos += System.nanoTime() - start;
        lookups += 2L * clusters;
        Thread.sleep(interval.toMillis() + 100);
      }
      pool.shutdown();
      Map<String, Long> calls = api.calls().counts();
      System.gc();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("lookups: %d (findCluster + findInstances for %d clusters, %d rounds, %d threads)%n",
          lookups, clusters, intervals, threads);
      System.out.printf("RDS calls: %s; listings: %d; per reconcile round: %.2f DescribeDBClusters%n",
          calls, api.inventory().listings(), calls.getOrDefault("DescribeDBClusters", 0L) / (double) intervals);
      System.out.printf("mean lookup time: %.3f ms (incl. the listings)%n", lookupNanos / 1e6 / lookups);
      System.out.printf("heap used after GC: %d MiB%n", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    }
    System.exit(0);
  }
}
