package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.testing.rds.Downstream;
import dev.dbops.aurora.testing.rds.QueryRequest;
import dev.dbops.aurora.testing.rds.RdsError;
import dev.dbops.aurora.testing.rds.RdsXml;
import dev.dbops.aurora.testing.strictrds.StateClock.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The one place that says which RDS rules apply to which Action: what is checked before forwarding
 * ({@link #check}), what a describe is answered from our own state ({@link #answerLocally}), and what
 * a successful answer starts and how it is rewritten ({@link #after}). A new rule is a new line here.
 */
final class ActionRules {
  /** Parameters naming a cluster, instance or cluster snapshot: RDS matches them case-insensitively. */
  private static final List<String> IDENTIFIER_PARAMETERS = List.of("DBClusterIdentifier", "DBInstanceIdentifier",
      "DBClusterSnapshotIdentifier", "SnapshotIdentifier", "FinalDBSnapshotIdentifier",
      "SourceDBClusterSnapshotIdentifier", "TargetDBClusterSnapshotIdentifier");
  private static final List<String> IDENTIFIER_FILTERS = List.of("db-cluster-id", "db-instance-id",
      "db-cluster-snapshot-id");

  /** Cluster statuses in which RDS refuses a change to the cluster. */
  private static final Set<String> CLUSTER_BUSY = Set.of("creating", "modifying", "upgrading", "stopping",
      "starting", "deleting", "renaming", "migrating", "maintenance");
  /** Statuses in which a cluster takes no new instance (stopped: Aurora guide, stopping and starting). */
  private static final Set<String> CLUSTER_TAKES_NO_INSTANCE = Set.of("stopping", "stopped", "starting", "deleting");
  private static final Set<String> INSTANCE_BUSY = Set.of("creating", "modifying", "deleting", "upgrading",
      "rebooting", "starting", "stopping");

  private final Settings settings;
  private final StateClock clock;
  private final Downstream downstream;

  ActionRules(Settings settings, StateClock clock, Downstream downstream) {
    this.settings = settings;
    this.clock = clock;
    this.downstream = downstream;
  }

  /** Lower-cases every identifier the request names, as RDS stores them. */
  void normalise(QueryRequest request) {
    IDENTIFIER_PARAMETERS.forEach(p -> request.rewrite(p, IdentifierRules::stored));
    IDENTIFIER_FILTERS.forEach(f -> request.rewriteFilter(f, IdentifierRules::stored));
  }

  /** The refusal RDS would answer before doing anything, if any. */
  Optional<RdsError> check(RdsCall call) {
    return switch (call.action()) {
      case "CreateDBCluster" -> firstOf(
          () -> IdentifierRules.check("DBClusterIdentifier", call.param("DBClusterIdentifier"), IdentifierRules.MAX_LENGTH),
          () -> stillDeleting(call.param("DBClusterIdentifier")),
          () -> alreadyExists(call, call.param("DBClusterIdentifier")));
      case "RestoreDBClusterFromSnapshot" -> firstOf(
          () -> IdentifierRules.check("DBClusterIdentifier", call.param("DBClusterIdentifier"), IdentifierRules.MAX_LENGTH),
          () -> stillDeleting(call.param("DBClusterIdentifier")),
          () -> alreadyExists(call, call.param("DBClusterIdentifier")),
          () -> snapshotUsable(call.param("SnapshotIdentifier")));
      case "CreateDBInstance" -> firstOf(
          () -> IdentifierRules.check("DBInstanceIdentifier", call.param("DBInstanceIdentifier"), IdentifierRules.MAX_LENGTH),
          () -> call.request.get("DBClusterIdentifier").flatMap(c -> clusterIn(call, c, CLUSTER_TAKES_NO_INSTANCE)));
      case "CreateDBClusterSnapshot" -> firstOf(
          () -> IdentifierRules.check("DBClusterSnapshotIdentifier", call.param("DBClusterSnapshotIdentifier"),
              IdentifierRules.MAX_LENGTH),
          () -> clusterIn(call, call.param("DBClusterIdentifier"), CLUSTER_BUSY));
      case "ModifyDBCluster" -> firstOf(
          () -> clusterIn(call, call.param("DBClusterIdentifier"), union(CLUSTER_BUSY, Set.of("stopped"))),
          () -> engineModeChange(call));
      // moto switches over any AVAILABLE deployment; RDS's is PROVISIONING for a long while first.
      case "SwitchoverBlueGreenDeployment" -> deploymentIn(call.param("BlueGreenDeploymentIdentifier"),
          Set.of("PROVISIONING", "SWITCHOVER_IN_PROGRESS"));
      case "DeleteBlueGreenDeployment" -> deploymentIn(call.param("BlueGreenDeploymentIdentifier"),
          Set.of("SWITCHOVER_IN_PROGRESS"));
      case "StopDBCluster", "StartDBCluster" -> clusterIn(call, call.param("DBClusterIdentifier"), CLUSTER_BUSY);
      case "DeleteDBCluster" -> firstOf(
          () -> finalSnapshotChoice(call.request),
          () -> clusterIn(call, call.param("DBClusterIdentifier"), CLUSTER_BUSY));
      case "ModifyDBInstance", "DeleteDBInstance", "RebootDBInstance" -> instanceBusy(call.param("DBInstanceIdentifier"));
      case "DescribeDBClusters", "DescribeDBInstances", "DescribeDBClusterSnapshots" -> pageSize(call.request);
      default -> Optional.empty();
    };
  }

  /**
   * A describe RDS would answer differently from moto for one named resource: hidden right after its
   * create (eventual consistency; thrown as the describe's not-found {@link RdsError}), or deleted in moto
   * but still {@code deleting} in RDS.
   */
  Optional<byte[]> answerLocally(RdsCall call) {
    return switch (call.action()) {
      case "DescribeDBClusters" -> named(call, "DBClusterIdentifier", Kind.CLUSTER, "DBClusters",
          RdsError::clusterNotFound);
      case "DescribeDBInstances" -> named(call, "DBInstanceIdentifier", Kind.INSTANCE, "DBInstances",
          RdsError::instanceNotFound);
      case "DescribeDBClusterSnapshots" -> named(call, "DBClusterSnapshotIdentifier", Kind.SNAPSHOT, "DBClusterSnapshots",
          RdsError::snapshotNotFound);
      default -> Optional.empty();
    };
  }

  /**
   * The request as forwarded: DescribeDBClusters is paged here unless the next stage pages it, since moto
   * ignores MaxRecords/Marker there.
   */
  QueryRequest forwarded(RdsCall call) {
    return call.action().equals("DescribeDBClusters") && !settings.downstreamPages()
        ? call.request.without("MaxRecords", "Marker") : call.request;
  }

  /** Starts the transitions a successful write begins, then rewrites the answer as RDS would report it. */
  byte[] after(RdsCall call, byte[] answer) {
    Document doc = RdsXml.parse(answer);
    Settings.Durations d = settings.durations();
    String cluster = call.param("DBClusterIdentifier");
    switch (call.action()) {
      case "CreateDBCluster", "RestoreDBClusterFromSnapshot" -> {
        clock.begin(Kind.CLUSTER, cluster, "creating", d.clusterCreate(), null);
        clock.hideUntil(Kind.CLUSTER, cluster, settings.consistencyDelay());
      }
      case "ModifyDBCluster" -> {
        String before = call.clusterBefore.flatMap(c -> RdsXml.text(c, "EngineVersion")).orElse(null);
        Optional<String> requested = call.request.get("EngineVersion");
        if (requested.isPresent() && !requested.get().equals(before)) {
          // RDS keeps reporting the old version until the upgrade is done; moto has switched already.
          clock.begin(Kind.CLUSTER, cluster, "upgrading", d.clusterUpgrade(), before);
        } else {
          clock.begin(Kind.CLUSTER, cluster, "modifying", d.clusterModify(), null);
        }
      }
      case "StopDBCluster" -> clock.begin(Kind.CLUSTER, cluster, "stopping", d.clusterStop(), null);
      case "StartDBCluster" -> clock.begin(Kind.CLUSTER, cluster, "starting", d.clusterStart(), null);
      case "DeleteDBCluster" -> {
        RdsXml.all(doc.getDocumentElement(), "DBCluster").stream().findFirst().ifPresent(c -> {
          RdsXml.setText(c, "Status", "deleting");
          clock.bury(Kind.CLUSTER, cluster, RdsXml.serialize(c), cluster, d.clusterDelete());
        });
        call.request.get("FinalDBSnapshotIdentifier").ifPresent(s -> snapshotStarted(s, d.snapshot()));
      }
      case "CreateDBClusterSnapshot" -> {
        snapshotStarted(call.param("DBClusterSnapshotIdentifier"), d.snapshot());
        if (clock.transition(Kind.CLUSTER, cluster).isEmpty()) {
          clock.begin(Kind.CLUSTER, cluster, "backing-up", d.snapshot(), null);
        }
      }
      case "CreateDBInstance" -> {
        String instance = call.param("DBInstanceIdentifier");
        clock.begin(Kind.INSTANCE, instance, "creating", d.instanceCreate(), null);
        clock.hideUntil(Kind.INSTANCE, instance, settings.consistencyDelay());
      }
      case "ModifyDBInstance" -> clock.begin(Kind.INSTANCE, call.param("DBInstanceIdentifier"), "modifying",
          d.instanceModify(), null);
      case "RebootDBInstance" -> clock.begin(Kind.INSTANCE, call.param("DBInstanceIdentifier"), "rebooting",
          d.instanceModify(), null);
      // Green is built and upgraded for about as long as an upgrade takes; a switchover as long as a modify.
      case "CreateBlueGreenDeployment" -> deploymentId(doc).ifPresent(id ->
          clock.begin(Kind.DEPLOYMENT, id, "PROVISIONING", d.clusterUpgrade(), null));
      case "SwitchoverBlueGreenDeployment" -> clock.begin(Kind.DEPLOYMENT, call.param("BlueGreenDeploymentIdentifier"),
          "SWITCHOVER_IN_PROGRESS", d.clusterModify(), null);
      case "DeleteDBInstance" -> RdsXml.all(doc.getDocumentElement(), "DBInstance").stream().findFirst().ifPresent(i -> {
        RdsXml.setText(i, "DBInstanceStatus", "deleting");
        clock.bury(Kind.INSTANCE, call.param("DBInstanceIdentifier"), RdsXml.serialize(i),
            RdsXml.text(i, "DBClusterIdentifier").orElse(null), d.instanceDelete());
      });
      default -> { }
    }
    boolean describe = call.action().startsWith("Describe");
    rewrite(doc, "DBClusters", "DBCluster", "DBClusterIdentifier", Kind.CLUSTER, describe, call);
    rewrite(doc, "DBInstances", "DBInstance", "DBInstanceIdentifier", Kind.INSTANCE, describe, call);
    rewrite(doc, "DBClusterSnapshots", "DBClusterSnapshot", "DBClusterSnapshotIdentifier", Kind.SNAPSHOT, describe, call);
    reportDeployments(doc);
    if (call.action().equals("DescribeDBClusters") && !settings.downstreamPages()) {
      page(doc, call.request);
    }
    return RdsXml.serialize(doc).getBytes(StandardCharsets.UTF_8);
  }

  // ---- checks ----

  @SafeVarargs
  private static Optional<RdsError> firstOf(java.util.function.Supplier<Optional<RdsError>>... checks) {
    for (var check : checks) {
      Optional<RdsError> refusal = check.get();
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private Optional<RdsError> stillDeleting(String cluster) {
    return clock.ghost(Kind.CLUSTER, cluster).map(g -> new RdsError(400, "DBClusterAlreadyExistsFault",
        "DB cluster " + cluster + " already exists (it is being deleted)."));
  }

  /**
   * moto 5.2.5 answers a second CreateDBCluster of the same name with DBClusterSnapshotAlreadyExistsFault
   * (its automated snapshot's name collides), and a restore onto an existing name not at all; RDS answers
   * DBClusterAlreadyExistsFault.
   */
  private Optional<RdsError> alreadyExists(RdsCall call, String cluster) {
    Downstream.Answer answer = downstream.query(QueryRequest.of("DescribeDBClusters", "DBClusterIdentifier", cluster),
        call.authorization);
    return answer.status() == 200
        ? Optional.of(new RdsError(400, "DBClusterAlreadyExistsFault", "DB Cluster already exists"))
        : Optional.empty();
  }

  /**
   * The cluster must exist (moto answers ModifyDBCluster of a missing cluster with a bare 500) and must not
   * be in one of {@code refusing}. Remembers moto's copy for {@link #after}.
   */
  private Optional<RdsError> clusterIn(RdsCall call, String cluster, Set<String> refusing) {
    if (clock.ghost(Kind.CLUSTER, cluster).isPresent()) {
      return refusing.contains("deleting") ? Optional.of(RdsError.clusterState(cluster, "deleting")) : Optional.empty();
    }
    Downstream.Answer answer = downstream.query(QueryRequest.of("DescribeDBClusters", "DBClusterIdentifier", cluster),
        call.authorization);
    if (answer.status() == 404) {
      return Optional.of(RdsError.clusterNotFound(cluster));
    }
    if (answer.status() != 200) {
      return Optional.empty(); // let the real request meet whatever went wrong
    }
    Optional<Element> found = RdsXml.all(RdsXml.parse(answer.body()).getDocumentElement(), "DBCluster").stream().findFirst();
    if (found.isEmpty()) {
      return Optional.of(RdsError.clusterNotFound(cluster));
    }
    call.clusterBefore = found;
    String status = clock.transition(Kind.CLUSTER, cluster).map(StateClock.Transition::status)
        .orElseGet(() -> RdsXml.text(found.get(), "Status").orElse("available"));
    return refusing.contains(status) ? Optional.of(RdsError.clusterState(cluster, status)) : Optional.empty();
  }

  /**
   * RDS API Reference, ModifyDBCluster: AllowEngineModeChange (EngineMode=provisioned) is valid for Aurora
   * Serverless v1 clusters only, and needs DBClusterInstanceClass; moto sets any engine mode on any cluster.
   */
  private static Optional<RdsError> engineModeChange(RdsCall call) {
    if (!call.request.isTrue("AllowEngineModeChange") && call.request.get("EngineMode").isEmpty()) {
      return Optional.empty();
    }
    String mode = call.clusterBefore.flatMap(c -> RdsXml.text(c, "EngineMode")).orElse("provisioned");
    if (!mode.equals("serverless")) {
      return Optional.of(RdsError.invalidCombination("The engine mode of DB cluster " + call.param("DBClusterIdentifier")
          + " is " + mode + "; the engine mode can only be changed for Aurora Serverless v1 clusters"));
    }
    if (!call.request.isTrue("AllowEngineModeChange") || call.request.get("DBClusterInstanceClass").isEmpty()) {
      return Optional.of(RdsError.invalidCombination(
          "Changing the engine mode to provisioned needs AllowEngineModeChange and DBClusterInstanceClass"));
    }
    return Optional.empty();
  }

  private Optional<RdsError> deploymentIn(String deployment, Set<String> refusing) {
    return clock.transition(Kind.DEPLOYMENT, deployment).map(StateClock.Transition::status).filter(refusing::contains)
        .map(s -> new RdsError(400, "InvalidBlueGreenDeploymentStateFault", "BlueGreenDeployment " + deployment + " is " + s));
  }

  private static Optional<String> deploymentId(Document doc) {
    return RdsXml.all(doc.getDocumentElement(), "BlueGreenDeployment").stream().findFirst()
        .flatMap(e -> RdsXml.text(e, "BlueGreenDeploymentIdentifier"));
  }

  /** A deployment in a transition shows its status there and in its SwitchoverDetails, as RDS reports it. */
  private void reportDeployments(Document doc) {
    List<Element> deployments = new java.util.ArrayList<>(RdsXml.all(doc.getDocumentElement(), "BlueGreenDeployment"));
    RdsXml.all(doc.getDocumentElement(), "BlueGreenDeployments")
        .forEach(list -> deployments.addAll(RdsXml.children(list, "member")));
    for (Element e : deployments) {
      RdsXml.text(e, "BlueGreenDeploymentIdentifier").flatMap(id -> clock.transition(Kind.DEPLOYMENT, id)).ifPresent(t -> {
        RdsXml.setText(e, "Status", t.status());
        RdsXml.all(e, "SwitchoverDetails").forEach(details ->
            RdsXml.children(details, "member").forEach(m -> RdsXml.setText(m, "Status", t.status())));
      });
    }
  }

  private Optional<RdsError> instanceBusy(String instance) {
    if (clock.ghost(Kind.INSTANCE, instance).isPresent()) {
      return Optional.of(RdsError.instanceState(instance, "deleting"));
    }
    return clock.transition(Kind.INSTANCE, instance).map(StateClock.Transition::status)
        .filter(INSTANCE_BUSY::contains).map(s -> RdsError.instanceState(instance, s));
  }

  private Optional<RdsError> snapshotUsable(String snapshot) {
    return clock.transition(Kind.SNAPSHOT, snapshot).map(t -> RdsError.snapshotState(snapshot, t.status()));
  }

  /**
   * RDS API Reference, DeleteDBCluster: SkipFinalSnapshot defaults to false, and then a
   * FinalDBSnapshotIdentifier is required; giving one while skipping is an error too.
   */
  private static Optional<RdsError> finalSnapshotChoice(QueryRequest request) {
    boolean skip = request.isTrue("SkipFinalSnapshot");
    Optional<String> finalSnapshot = request.get("FinalDBSnapshotIdentifier");
    if (skip && finalSnapshot.isPresent()) {
      return Optional.of(RdsError.invalidCombination(
          "FinalDBSnapshotIdentifier can not be specified when deleting a cluster with SkipFinalSnapshot=true."));
    }
    if (!skip && finalSnapshot.isEmpty()) {
      return Optional.of(RdsError.invalidCombination(
          "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified."));
    }
    return finalSnapshot.flatMap(s -> IdentifierRules.check("FinalDBSnapshotIdentifier", s,
        IdentifierRules.FINAL_SNAPSHOT_MAX_LENGTH));
  }

  /** RDS API Reference, Describe*: MaxRecords minimum 20, maximum 100. */
  private static Optional<RdsError> pageSize(QueryRequest request) {
    return request.get("MaxRecords").map(Integer::parseInt).filter(n -> n < 20 || n > 100)
        .map(n -> RdsError.invalidParameter("Invalid value " + n + " for MaxRecords. Must be between 20 and 100"));
  }

  // ---- local answers ----

  private Optional<byte[]> named(RdsCall call, String parameter, Kind kind, String container,
      java.util.function.Function<String, RdsError> notFound) {
    Optional<String> id = call.request.get(parameter);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    if (clock.isHidden(kind, id.get())) {
      throw notFound.apply(id.get());
    }
    Optional<StateClock.Ghost> ghost = clock.ghost(kind, id.get());
    if (ghost.isEmpty()) {
      return Optional.empty();
    }
    String action = call.action();
    String xml = "<" + action + "Response xmlns=\"" + RdsXml.NAMESPACE + "\"><" + action + "Result><" + container + ">"
        + ghost.get().xml() + "</" + container + "></" + action + "Result><ResponseMetadata><RequestId>"
        + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>";
    return Optional.of(xml.getBytes(StandardCharsets.UTF_8));
  }

  // ---- rewriting answers ----

  private void rewrite(Document doc, String container, String tag, String idTag, Kind kind, boolean describe,
      RdsCall call) {
    Element root = doc.getDocumentElement();
    List<Element> lists = RdsXml.all(root, container);
    for (Element element : RdsXml.all(root, tag)) {
      String id = RdsXml.text(element, idTag).orElse("");
      if (describe && clock.isHidden(kind, id)) {
        element.getParentNode().removeChild(element);
        continue;
      }
      report(element, kind, id);
    }
    // Deleted in moto, still deleting in RDS: listings show them, on their last page.
    boolean lastPage = RdsXml.all(root, "Marker").isEmpty();
    if (describe && lastPage && lists.size() == 1 && kind != Kind.SNAPSHOT) {
      Element list = lists.get(0);
      java.util.Set<String> listed = new java.util.HashSet<>();
      RdsXml.children(list, tag).forEach(e -> listed.add(RdsXml.text(e, idTag).orElse("")));
      for (Map.Entry<String, StateClock.Ghost> ghost : clock.ghosts(kind)) {
        if (!listed.contains(ghost.getKey()) && matches(call.request, kind, ghost.getKey(), ghost.getValue())) {
          list.appendChild(RdsXml.importXml(doc, ghost.getValue().xml()));
        }
      }
    }
  }

  /** Status, engine version and progress as RDS reports them now. */
  private void report(Element element, Kind kind, String id) {
    String statusTag = kind == Kind.INSTANCE ? "DBInstanceStatus" : "Status";
    clock.transition(kind, id).ifPresent(t -> {
      RdsXml.setText(element, statusTag, t.status());
      if (t.engineVersion() != null) {
        RdsXml.setText(element, "EngineVersion", t.engineVersion());
      }
    });
    if (kind == Kind.INSTANCE) {
      // The instances of an upgrading cluster upgrade with it.
      RdsXml.text(element, "DBClusterIdentifier").flatMap(c -> clock.transition(Kind.CLUSTER, c))
          .filter(t -> t.status().equals("upgrading")).ifPresent(t -> {
            RdsXml.setText(element, "DBInstanceStatus", "upgrading");
            RdsXml.setText(element, "EngineVersion", t.engineVersion());
          });
    }
    if (kind == Kind.SNAPSHOT) {
      clock.progress(id).ifPresent(p -> RdsXml.setText(element, "PercentProgress",
          String.valueOf(p.percentAt(clock.now()))));
    }
  }

  private static boolean matches(QueryRequest request, Kind kind, String id, StateClock.Ghost ghost) {
    List<String> byCluster = request.filterValues("db-cluster-id");
    List<String> byInstance = request.filterValues("db-instance-id");
    if (kind == Kind.CLUSTER) {
      return request.get("DBClusterIdentifier").map(id::equals).orElse(true)
          && (byCluster.isEmpty() || byCluster.contains(id));
    }
    return request.get("DBInstanceIdentifier").map(id::equals).orElse(true)
        && (byCluster.isEmpty() || byCluster.contains(ghost.clusterId()))
        && (byInstance.isEmpty() || byInstance.contains(id));
  }

  /** Pages a DescribeDBClusters answer by identifier; the Marker is the last identifier returned. */
  private static void page(Document doc, QueryRequest request) {
    Element root = doc.getDocumentElement();
    List<Element> lists = RdsXml.all(root, "DBClusters");
    if (lists.size() != 1) {
      return;
    }
    int pageSize = request.get("MaxRecords").map(Integer::parseInt).orElse(100);
    String after = request.get("Marker").orElse("");
    Element list = lists.get(0);
    List<Element> clusters = new ArrayList<>(RdsXml.children(list, "DBCluster"));
    clusters.forEach(list::removeChild);
    clusters.sort(Comparator.comparing(c -> RdsXml.text(c, "DBClusterIdentifier").orElse("")));
    List<Element> rest = clusters.stream()
        .filter(c -> RdsXml.text(c, "DBClusterIdentifier").orElse("").compareTo(after) > 0).toList();
    List<Element> page = rest.subList(0, Math.min(pageSize, rest.size()));
    page.forEach(list::appendChild);
    RdsXml.all(root, "Marker").forEach(m -> m.getParentNode().removeChild(m));
    if (rest.size() > page.size()) {
      Element marker = doc.createElement("Marker");
      marker.setTextContent(RdsXml.text(page.get(page.size() - 1), "DBClusterIdentifier").orElse(""));
      list.getParentNode().appendChild(marker);
    }
  }

  private void snapshotStarted(String snapshot, Duration duration) {
    clock.begin(Kind.SNAPSHOT, snapshot, "creating", duration, null);
    clock.progress(snapshot, duration);
  }
}
