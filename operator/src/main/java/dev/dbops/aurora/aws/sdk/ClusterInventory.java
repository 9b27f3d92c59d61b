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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Reads are lock-free while the view is fresh. Listings happen under one lock: after expiry one find
 * lists while the others are answered from the expired listing (all wait only for the first listing).
 * Re-reads after a write (see {@link #refresh}) never wait behind a listing of the fleet, and go out
 * together: the find that re-reads takes every cluster waiting for a re-read at that moment (up to
 * {@link #REREAD_BATCH}) into one DescribeDBClusters and one DescribeDBInstances filtered by
 * {@code db-cluster-id}, and finds that arrive meanwhile wait for it or for the next batch. While a fleet is
 * being created, hundreds of clusters are re-read within seconds; one describe pair each took most of the
 * RDS request rate (one bucket for all calls, 12/s sustained by default) from the creates themselves. Whether
 * a cluster's answer comes from the listing or from its re-read is decided by which of the two began later, so
 * neither an older listing finishing after a re-read nor an older re-read hides the newer answer.
 */
public final class ClusterInventory {
  /**
   * After a failed listing, finds within this time get the same failure instead of listing again: during an
   * outage, threads queued on the lock would otherwise each wait out a full failing listing in turn.
   */
  static final Duration FAILURE_HOLD = Duration.ofSeconds(5);
  /** Clusters re-read by one describe pair at most: RDS's largest page, so one page answers the clusters. */
  static final int REREAD_BATCH = 100;

  private final RdsClient rds;
  private final Duration maxAge;
  private final int pageSize;
  private final Clock clock;
  private final ReentrantLock listingLock = new ReentrantLock();
  private final ReentrantLock rereadLock = new ReentrantLock();
  /**
   * Clusters whose next find must re-read them from AWS (after a write), with the sequence number of the
   * request, so a listing only clears the requests made before it began.
   */
  private final Map<String, Long> stale = new ConcurrentHashMap<>();
  /** Each cluster's latest re-read, kept while it began after the current listing did. */
  private final Map<String, Reread> rereads = new ConcurrentHashMap<>();
  /** Orders refresh requests, listings and re-reads by when they began. */
  private final AtomicLong sequence = new AtomicLong();
  private volatile View view;
  private Failure lastFailure; // guarded by listingLock
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
    return current(key).cluster();
  }

  /** The cluster's instances, writer first, then by promotion tier and name. */
  public List<AuroraInstance> findInstances(String clusterId) {
    String key = RdsIdentifier.canonical(clusterId);
    return current(key).instances();
  }

  /** The next find of this cluster re-reads it (one targeted describe), the rest stays as listed. */
  public void refresh(String clusterId) {
    stale.put(RdsIdentifier.canonical(clusterId), sequence.incrementAndGet());
  }

  /** Full listings made so far (each may be several pages). */
  public long listings() {
    return listings.sum();
  }

  /** Re-reads made so far after {@link #refresh}: describe pairs, each for one or more clusters. */
  public long targetedReads() {
    return targetedReads.sum();
  }

  /** The cluster an instance belongs to, as last listed or re-read; empty when the instance is unknown. */
  Optional<String> clusterOfInstance(String instanceId) {
    View current = view;
    if (current == null) {
      return Optional.empty();
    }
    Optional<String> reread = rereads.values().stream()
        .filter(r -> r.startedAt() > current.startedAt())
        .flatMap(r -> r.described().instances().stream())
        .filter(i -> RdsIdentifier.same(instanceId, i.identifier()))
        .map(AuroraInstance::clusterId)
        .findFirst();
    if (reread.isPresent()) {
      return reread;
    }
    return current.instances().values().stream()
        .flatMap(List::stream)
        .filter(i -> RdsIdentifier.same(instanceId, i.identifier()))
        .map(AuroraInstance::clusterId)
        .findFirst();
  }

  /** @param clusterId the canonical (lower-case) identifier */
  private Described current(String clusterId) {
    listed();
    if (stale.containsKey(clusterId)) {
      reread(clusterId);
    }
    View listed = view;
    Reread reread = rereads.get(clusterId);
    if (reread != null && reread.startedAt() > listed.startedAt()) {
      return reread.described();
    }
    return new Described(Optional.ofNullable(listed.clusters().get(clusterId)),
        listed.instances().getOrDefault(clusterId, List.of()));
  }

  /**
   * The current listing, listed anew when missing or expired. While one caller lists, the others are
   * answered from the expired listing rather than wait: at 1,000 clusters a listing takes seconds, and
   * waiting held every reconcile of the fleet for that long, for an answer at most one listing newer.
   * Only when there is no listing yet do they wait for the first.
   */
  private View listed() {
    View current = view;
    if (current != null && !isExpired(current)) {
      return current;
    }
    if (current == null) {
      listingLock.lock();
    } else if (!listingLock.tryLock()) {
      return current;
    }
    try {
      current = view;
      if (current == null || isExpired(current)) {
        if (lastFailure != null && clock.instant().isBefore(lastFailure.at().plus(FAILURE_HOLD))) {
          throw lastFailure.error();
        }
        long listedAfter = sequence.incrementAndGet();
        try {
          current = listAll(listedAfter);
          lastFailure = null;
        } catch (SdkException e) {
          lastFailure = new Failure(e, clock.instant());
          throw e;
        }
        // A full listing is at least as new as any write that asked for a re-read before it began.
        stale.values().removeIf(requested -> requested <= listedAfter);
        view = current;
        rereads.values().removeIf(r -> r.startedAt() < listedAfter);
      }
      return current;
    } finally {
      listingLock.unlock();
    }
  }

  /**
   * Re-reads this cluster, and with it every other cluster asked for by then, unless a batch that included
   * it ran while this caller waited for the lock (or a listing began after it was asked for).
   */
  private void reread(String clusterId) {
    rereadLock.lock();
    try {
      Long requested = stale.get(clusterId);
      if (requested == null) {
        return;
      }
      // The batch stays in stale until answered: a find of one of its clusters meanwhile waits for it above.
      Map<String, Long> batch = new LinkedHashMap<>();
      batch.put(clusterId, requested);
      for (Map.Entry<String, Long> other : stale.entrySet()) {
        if (batch.size() >= REREAD_BATCH) {
          break;
        }
        batch.putIfAbsent(other.getKey(), other.getValue());
      }
      long startedAt = sequence.incrementAndGet();
      Map<String, Described> described = describeSome(batch.keySet());
      described.forEach((id, d) -> rereads.merge(id, new Reread(d, startedAt),
          (old, now) -> now.startedAt() > old.startedAt() ? now : old));
      // A refresh asked for while the describe ran may not be in its answer: that cluster stays stale.
      batch.forEach(stale::remove);
    } finally {
      rereadLock.unlock();
    }
  }

  private boolean isExpired(View current) {
    return !clock.instant().isBefore(current.takenAt().plus(maxAge));
  }

  private View listAll(long startedAt) {
    listings.increment();
    Instant takenAt = clock.instant();
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
    return new View(Map.copyOf(byId), Map.copyOf(ordered), takenAt, startedAt);
  }

  /** The given clusters (canonical identifiers) as AWS describes them now; absent ones as empty. */
  private Map<String, Described> describeSome(Set<String> clusterIds) {
    targetedReads.increment();
    Map<String, AuroraCluster> clusters = new HashMap<>();
    if (clusterIds.size() == 1) {
      String clusterId = clusterIds.iterator().next();
      try {
        rds.describeDBClusters(DescribeDbClustersRequest.builder().dbClusterIdentifier(clusterId).build())
            .dbClusters().stream().findFirst()
            .ifPresent(c -> clusters.put(RdsIdentifier.canonical(c.dbClusterIdentifier()), RdsToRecords.cluster(c)));
      } catch (DbClusterNotFoundException gone) {
        // absent: described as empty below
      }
    } else {
      // A filter lists only the clusters that exist; one asked for and not listed is gone (or not listed yet).
      rds.describeDBClustersPaginator(DescribeDbClustersRequest.builder()
              .filters(Filter.builder().name("db-cluster-id").values(clusterIds).build())
              .maxRecords(REREAD_BATCH)
              .build())
          .dbClusters()
          .forEach(c -> clusters.put(RdsIdentifier.canonical(c.dbClusterIdentifier()), RdsToRecords.cluster(c)));
    }
    clusters.keySet().retainAll(clusterIds);
    Map<String, List<AuroraInstance>> instances = new HashMap<>();
    if (!clusters.isEmpty()) {
      // The filter narrows the answer; it is not trusted to be exact (an endpoint answered a cluster's
      // query with a neighbour's instance too, which the operator then deleted as an extra).
      rds.describeDBInstancesPaginator(DescribeDbInstancesRequest.builder()
              .filters(Filter.builder().name("db-cluster-id").values(clusters.keySet()).build())
              .maxRecords(pageSize)
              .build())
          .dbInstances()
          .stream()
          .filter(i -> i.dbClusterIdentifier() != null
              && clusters.containsKey(RdsIdentifier.canonical(i.dbClusterIdentifier())))
          .forEach(i -> instances.computeIfAbsent(RdsIdentifier.canonical(i.dbClusterIdentifier()),
              k -> new ArrayList<>()).add(RdsToRecords.instance(i)));
    }
    Map<String, Described> described = new HashMap<>();
    for (String id : clusterIds) {
      AuroraCluster cluster = clusters.get(id);
      described.put(id, new Described(Optional.ofNullable(cluster),
          cluster == null ? List.of() : writerFirst(cluster, instances.getOrDefault(id, List.of()))));
    }
    return described;
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

  private record Reread(Described described, long startedAt) {}

  /** @param startedAt the sequence number the listing began at */
  private record View(Map<String, AuroraCluster> clusters, Map<String, List<AuroraInstance>> instances, Instant takenAt,
      long startedAt) {}
}
