package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.RdsIdentifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.Filter;

/**
 * A region's shared view of all DB clusters and their instances, so N reconciled resources cost one paged
 * DescribeDBClusters + DescribeDBInstances per refresh interval instead of N describes each.
 *
 * <p>Clusters and instances are keyed by identifier as RDS compares them (any case asked, lower case
 * stored), and an instance counts as a cluster's only when its own DBClusterIdentifier says so.
 *
 * <p>Reads are lock-free while the view is fresh. All AWS reads happen under one lock: a burst of finds
 * after expiry waits for a single listing, and a targeted re-read can never be overwritten by an older
 * listing finishing after it.
 */
public final class ClusterInventory {
  /**
   * After a failed listing, finds within this time get the same failure instead of listing again: during an
   * outage, threads queued on the lock would otherwise each wait out a full failing listing in turn.
   */
  static final Duration FAILURE_HOLD = Duration.ofSeconds(5);

  private final RdsClient rds;
  private final Duration maxAge;
  private final int pageSize;
  private final Clock clock;
  private final Object readLock = new Object();
  /**
   * Clusters whose next find must re-read them from AWS (after a write), with the sequence number of the
   * request, so a listing only clears the requests made before it began.
   */
  private final Map<String, Long> stale = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile View view;
  private Failure lastFailure; // guarded by readLock
  private final LongAdder listings = new LongAdder();
  private final LongAdder targetedReads = new LongAdder();

  public ClusterInventory(RdsClient rds, Duration maxAge, int pageSize, Clock clock) {
    this.rds = rds;
    this.maxAge = maxAge;
    this.pageSize = pageSize;
    this.clock = clock;
  }

  public Optional<AuroraCluster> findCluster(String clusterId) {
    String key = RdsIdentifier.canonical(clusterId);
    return Optional.ofNullable(current(key).clusters().get(key));
  }

  /** The cluster's instances, writer first, then by promotion tier and name. */
  public List<AuroraInstance> findInstances(String clusterId) {
    String key = RdsIdentifier.canonical(clusterId);
    return current(key).instances().getOrDefault(key, List.of());
  }

  /** The next find of this cluster re-reads it (one targeted describe), the rest stays as listed. */
  public void refresh(String clusterId) {
    stale.put(RdsIdentifier.canonical(clusterId), sequence.incrementAndGet());
  }

  /** Full listings made so far (each may be several pages). */
  public long listings() {
    return listings.sum();
  }

  /** Single-cluster re-reads made so far after {@link #refresh}. */
  public long targetedReads() {
    return targetedReads.sum();
  }

  /** The cluster an instance belongs to, as last listed; empty when the instance is unknown. */
  Optional<String> clusterOfInstance(String instanceId) {
    View current = view;
    if (current == null) {
      return Optional.empty();
    }
    return current.instances().values().stream()
        .flatMap(List::stream)
        .filter(i -> RdsIdentifier.same(instanceId, i.identifier()))
        .map(AuroraInstance::clusterId)
        .findFirst();
  }

  /** @param clusterId the canonical (lower-case) identifier */
  private View current(String clusterId) {
    View current = view;
    if (current != null && !isExpired(current) && !stale.containsKey(clusterId)) {
      return current;
    }
    synchronized (readLock) {
      current = view;
      if (current == null || isExpired(current)) {
        if (lastFailure != null && clock.instant().isBefore(lastFailure.at().plus(FAILURE_HOLD))) {
          throw lastFailure.error();
        }
        long listedAfter = sequence.get();
        try {
          current = listAll();
          lastFailure = null;
        } catch (SdkException e) {
          lastFailure = new Failure(e, clock.instant());
          throw e;
        }
        // A full listing is at least as new as any write that asked for a re-read before it began.
        stale.values().removeIf(requested -> requested <= listedAfter);
        view = current;
      }
      Long requested = stale.remove(clusterId);
      if (requested != null) {
        try {
          current = current.with(clusterId, describeOne(clusterId));
        } catch (SdkException e) {
          stale.putIfAbsent(clusterId, requested); // still owed a re-read
          throw e;
        }
        view = current;
      }
      return current;
    }
  }

  private boolean isExpired(View current) {
    return !clock.instant().isBefore(current.takenAt().plus(maxAge));
  }

  private View listAll() {
    listings.increment();
    Instant startedAt = clock.instant();
    List<DBCluster> clusters = new ArrayList<>();
    rds.describeDBClustersPaginator(DescribeDbClustersRequest.builder().maxRecords(pageSize).build())
        .dbClusters()
        .forEach(clusters::add);
    List<DBInstance> instances = new ArrayList<>();
    rds.describeDBInstancesPaginator(DescribeDbInstancesRequest.builder().maxRecords(pageSize).build())
        .dbInstances()
        .forEach(instances::add);
    Map<String, AuroraCluster> byId = new HashMap<>();
    clusters.forEach(c -> byId.put(RdsIdentifier.canonical(c.dbClusterIdentifier()), RdsToRecords.cluster(c)));
    Map<String, List<AuroraInstance>> instancesByCluster = new HashMap<>();
    for (DBInstance instance : instances) {
      if (instance.dbClusterIdentifier() != null) {
        instancesByCluster
            .computeIfAbsent(RdsIdentifier.canonical(instance.dbClusterIdentifier()), k -> new ArrayList<>())
            .add(RdsToRecords.instance(instance));
      }
    }
    Map<String, List<AuroraInstance>> ordered = new HashMap<>();
    instancesByCluster.forEach((id, list) -> ordered.put(id, writerFirst(byId.get(id), list)));
    return new View(Map.copyOf(byId), Map.copyOf(ordered), startedAt);
  }

  private Described describeOne(String clusterId) {
    targetedReads.increment();
    Optional<AuroraCluster> cluster;
    try {
      cluster = rds.describeDBClusters(DescribeDbClustersRequest.builder().dbClusterIdentifier(clusterId).build())
          .dbClusters().stream().findFirst().map(RdsToRecords::cluster);
    } catch (DbClusterNotFoundException gone) {
      cluster = Optional.empty();
    }
    List<AuroraInstance> instances = List.of();
    if (cluster.isPresent()) {
      List<AuroraInstance> found = new ArrayList<>();
      // The filter narrows the answer; it is not trusted to be exact (an endpoint answered a cluster's
      // query with a neighbour's instance too, which the operator then deleted as an extra).
      rds.describeDBInstancesPaginator(DescribeDbInstancesRequest.builder()
              .filters(Filter.builder().name("db-cluster-id").values(clusterId).build())
              .maxRecords(pageSize)
              .build())
          .dbInstances()
          .stream()
          .filter(i -> RdsIdentifier.same(i.dbClusterIdentifier(), clusterId))
          .forEach(i -> found.add(RdsToRecords.instance(i)));
      instances = writerFirst(cluster.get(), found);
    }
    return new Described(cluster, instances);
  }

  private static List<AuroraInstance> writerFirst(AuroraCluster cluster, List<AuroraInstance> instances) {
    Map<String, Boolean> writers = new HashMap<>();
    if (cluster != null) {
      cluster.members().forEach(m -> writers.put(RdsIdentifier.canonical(m.instanceId()), m.writer()));
    }
    Comparator<AuroraInstance> order = Comparator
        .comparing((AuroraInstance i) -> !writers.getOrDefault(RdsIdentifier.canonical(i.identifier()), false))
        .thenComparing(i -> i.promotionTier() == null ? Integer.MAX_VALUE : i.promotionTier())
        .thenComparing(AuroraInstance::identifier);
    return instances.stream().sorted(order).toList();
  }

  private record Failure(SdkException error, Instant at) {}

  private record Described(Optional<AuroraCluster> cluster, List<AuroraInstance> instances) {}

  private record View(Map<String, AuroraCluster> clusters, Map<String, List<AuroraInstance>> instances, Instant takenAt) {
    View with(String clusterId, Described described) {
      Map<String, AuroraCluster> newClusters = new HashMap<>(clusters);
      Map<String, List<AuroraInstance>> newInstances = new HashMap<>(instances);
      newClusters.remove(clusterId);
      newInstances.remove(clusterId);
      described.cluster().ifPresent(c -> newClusters.put(clusterId, c));
      if (!described.instances().isEmpty()) {
        newInstances.put(clusterId, described.instances());
      }
      return new View(Map.copyOf(newClusters), Map.copyOf(newInstances), takenAt);
    }
  }
}
