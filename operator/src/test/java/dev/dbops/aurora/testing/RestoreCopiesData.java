package dev.dbops.aurora.testing;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.DnsApi;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * moto restores a snapshot as metadata only; AWS's storage would bring the data along. This wrapper plays
 * that part: after RestoreDBClusterFromSnapshot it runs {@code copyData}, which copies the (read-only)
 * source database into the target's real PostgreSQL server.
 */
public final class RestoreCopiesData {

  /** What a restore does to the data, e.g. {@link DatabaseCopier#copy} between two embedded servers. */
  @FunctionalInterface
  public interface DataCopy {
    void run() throws Exception;
  }

  private RestoreCopiesData() {}

  public static ClusterApi wrap(ClusterApi clusters, DataCopy copyData) {
    return (ClusterApi) Proxy.newProxyInstance(
        RestoreCopiesData.class.getClassLoader(),
        new Class<?>[] {ClusterApi.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(clusters, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("restoreFromSnapshot")) {
            copyData.run();
          }
          return result;
        });
  }

  public static AwsRegions wrap(AwsRegions regions, DataCopy copyData) {
    return new AwsRegions() {
      @Override
      public ClusterApi clusters(String region) {
        return wrap(regions.clusters(region), copyData);
      }

      @Override
      public dev.dbops.aurora.aws.MonitoringApi monitoring(String region) {
        return regions.monitoring(region);
      }

      @Override
      public DnsApi dns() {
        return regions.dns();
      }

      @Override
      public String defaultRegion() {
        return regions.defaultRegion();
      }
    };
  }
}
