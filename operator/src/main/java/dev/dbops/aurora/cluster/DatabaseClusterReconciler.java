package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.cluster.MasterPasswordSource.MasterPassword;
import dev.dbops.aurora.model.cluster.ChangeAttempt;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.model.cluster.FailureHold;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an Aurora Serverless v2 cluster as a DatabaseCluster declares it. Each pass reads AWS into the
 * status, then takes the next step towards the spec and comes back later; it never waits for AWS.
 */
public class DatabaseClusterReconciler implements Reconciler<DatabaseCluster>, Cleaner<DatabaseCluster> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseClusterReconciler.class);

  /** Condition type recording that the password Secret was applied to a restored cluster. */
  static final String PASSWORD_SET = MasterPasswordRotation.PASSWORD_SET;
  static final String CHANGE_NOT_APPLIED = "ChangeNotApplied";

  private final AwsRegions regions;
  private final ClusterTimings timings;
  private final FailureBackoff backoff;
  private final SecretCache secrets;
  private final MasterPasswordSource passwords;
  private final ConnectionSecretWriter connectionSecrets;
  private final ClusterEvents events;
  private final ClusterStatusObserver observer = new ClusterStatusObserver();
  private final Conditions conditions = new Conditions();
  private final ClusterMonitoringSync monitoringSync;
  private final ClusterDeletion deletion;
  private final ClusterConditions statusConditions;
  private final PendingCreates pendingCreates;
  private final PollSchedule polls;
  private final ClusterCreation creation;
  private final MasterPasswordRotation passwordRotation;

  public DatabaseClusterReconciler(KubernetesClient client, AwsRegions regions, ClusterTimings timings) {
    this.regions = regions;
    this.timings = timings;
    this.backoff = new FailureBackoff(
        timings.retryInitial(), timings.retryCap(), timings.terminalHold(), Clock.systemUTC());
    this.secrets = new SecretCache(client);
    this.passwords = new MasterPasswordSource(secrets);
    this.connectionSecrets = new ConnectionSecretWriter(client, secrets);
    this.events = new ClusterEvents(client);
    this.monitoringSync = new ClusterMonitoringSync(client, regions, events);
    this.statusConditions = new ClusterConditions(conditions);
    this.deletion = new ClusterDeletion(client, regions, timings, events, statusConditions);
    this.pendingCreates = new PendingCreates(timings.createGrace(), Clock.systemUTC());
    this.polls = new PollSchedule(timings);
    this.creation =
        new ClusterCreation(timings, passwords, events, observer, statusConditions, pendingCreates, polls);
    this.passwordRotation = new MasterPasswordRotation(events, conditions);
  }

  @Override
  public List<EventSource<?, DatabaseCluster>> prepareEventSources(EventSourceContext<DatabaseCluster> context) {
    return List.of(secrets.eventSource(context));
  }

  @Override
  public UpdateControl<DatabaseCluster> reconcile(DatabaseCluster resource, Context<DatabaseCluster> context) {
    StatusChange change = StatusChange.from(resource);
    DatabaseClusterStatus status = ClusterConditions.statusOf(resource);
    long generation = ClusterConditions.generationOf(resource);
    Optional<Duration> hold = backoff.remainingHold(status.getFailureHold(), generation);
    if (hold.isPresent()) {
      // The same spec failed terminally a moment ago: asking AWS again would only fail again.
      return UpdateControl.<DatabaseCluster>noUpdate().rescheduleAfter(hold.get());
    }
    status.setObservedGeneration(generation);
    DesiredCluster desired = DesiredCluster.of(resource, regions.defaultRegion());
    try {
      status.setFailureHold(null);
      Duration next = converge(resource, desired, status);
      backoff.succeeded(uid(resource));
      return change.control(resource, next);
    } catch (AwsException e) {
      return change.control(resource, failed(resource, status, e));
    }
  }

  private Duration converge(DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status) {
    ClusterApi api = regions.clusters(desired.region());
    Optional<AuroraCluster> found = api.findCluster(desired.identifier());
    if (found.isEmpty()) {
      if (pendingCreates.awaited(status.getPendingCreates(), PendingCreates.CLUSTER, desired.identifier())) {
        return creation.awaitClusterListing(resource, desired, status, api);
      }
      return creation.create(resource, desired, status, api);
    }
    AuroraCluster cluster = found.get();
    if (!desired.adoptExisting() && !OwnerTag.isOwnedBy(cluster, resource)) {
      status.setPendingCreates(null);
      status.setPhase(ClusterPhase.Failed);
      statusConditions.notReady(resource, status, "ClusterExistsNotOwned", "A cluster " + desired.identifier()
          + " exists in " + desired.region() + " without the tag " + OwnerTag.KEY + "=" + OwnerTag.valueFor(resource)
          + "; set adoptExisting: true to manage it, or choose another clusterIdentifier");
      return timings.resyncFromNow();
    }
    List<AuroraInstance> instances =
        OwnInstances.of(desired.identifier(), api.findInstances(desired.identifier()));
    status.setPendingCreates(pendingCreates.afterListing(status.getPendingCreates(),
        instances.stream().map(AuroraInstance::identifier).collect(Collectors.toSet()),
        desired.instances().stream().map(DesiredInstance::identifier).collect(Collectors.toSet())));
    observer.observe(status, cluster, instances);
    if (!cluster.isAvailable()) {
      statusConditions.progressing(resource, status, "AwsBusy", "Waiting for the cluster: AWS reports " + cluster.status());
      return polls.whileWaiting(uid(resource), api, desired.identifier());
    }

    List<String> actions = new ArrayList<>();
    Optional<MasterPassword> password = passwords.read(resource);
    long generation = ClusterConditions.generationOf(resource);
    List<String> managedTags = status.getManagedTagKeys() == null ? List.of() : status.getManagedTagKeys();
    TagDiff allTags = TagDiff.between(desired.tags(), cluster.tags(), Set.copyOf(managedTags));
    Set<String> awaitedInstances = pendingCreates.awaitedInstances(status.getPendingCreates());
    List<FieldDrift> drifts = new ArrayList<>(ClusterDrift.between(desired, cluster).fields());
    drifts.addAll(allTags.fields(cluster.tags()));
    drifts.addAll(InstancePlan.between(desired.instances(), instances, cluster.members(), awaitedInstances).drifts());
    // A change sent LIMIT times that AWS never showed is left out: sending it again would loop forever.
    Set<String> exhausted = ChangeAttempts.exhausted(status.getChangeAttempts(), generation, drifts);
    ClusterDrift drift = ClusterDrift.between(desired, cluster, exhausted);
    TagDiff tags = allTags.without(exhausted);
    InstancePlan instancePlan =
        InstancePlan.between(desired.instances(), instances, cluster.members(), awaitedInstances, exhausted);
    MasterPasswordRotation.Step passwordStep = passwordRotation.next(resource, desired, cluster, status, password);
    ClusterChanges changes = MasterPasswordRotation.withPassword(drift.changes(), passwordStep, password);
    OwnedParameterGroupSync.ensure(resource, desired, api);
    Set<String> sent = new HashSet<>();
    try {
      if (!changes.isEmpty()) {
        api.modifyCluster(desired.identifier(), changes);
        drift.fields().stream().map(FieldDrift::field).filter(f -> !exhausted.contains(f)).forEach(sent::add);
        actions.add("modified cluster (" + ChangeSummary.of(changes) + ")");
        passwordRotation.sent(resource, desired, status, passwordStep, password);
      }
      if (!tags.toAdd().isEmpty()) {
        api.addTags(cluster.arn(), tags.toAdd());
        tags.toAdd().keySet().forEach(k -> sent.add(TagDiff.FIELD_PREFIX + k));
        actions.add("tagged " + tags.toAdd().keySet());
      }
      if (!tags.toRemove().isEmpty()) {
        api.removeTags(cluster.arn(), tags.toRemove());
        tags.toRemove().forEach(k -> sent.add(TagDiff.FIELD_PREFIX + k));
        actions.add("untagged " + tags.toRemove());
      }
      applyInstancePlan(instancePlan, desired, status, api, actions, exhausted, sent);
    } finally {
      // Recorded even when a later write failed, so every send that AWS accepted is counted.
      List<ChangeAttempt> attempts = ChangeAttempts.afterSending(status.getChangeAttempts(), generation, drifts, sent);
      status.setChangeAttempts(attempts.isEmpty() ? null : attempts);
      status.setManagedTagKeys(TagDiff.managedAfter(desired.tags(), cluster.tags(), managedTags));
    }
    writeConnectionSecret(resource, desired, status, cluster, password.map(MasterPassword::value));

    if (!actions.isEmpty()) {
      api.refresh(desired.identifier());
      events.normal(resource, "Updating", String.join("; ", actions));
      status.setPhase(ClusterPhase.Modifying);
      statusConditions.progressing(resource, status, "Updating", String.join("; ", actions));
      return polls.afterWrite(uid(resource));
    }
    Set<String> notListed = pendingCreates.awaitedInstances(status.getPendingCreates());
    if (!notListed.isEmpty()) {
      // Without a re-read the inventory would keep the miss until its next full listing.
      api.refresh(desired.identifier());
      if (status.getPhase() == ClusterPhase.Available) {
        status.setPhase(ClusterPhase.Modifying);
      }
      statusConditions.progressing(resource, status, "InstancesNotListed",
          "Waiting for AWS to list the instances it was asked to create: " + String.join(", ", notListed));
      return polls.whileWaiting(uid(resource), api, desired.identifier());
    }
    if (!exhausted.isEmpty()) {
      return changesNotApplied(resource, status, drifts, exhausted);
    }
    if (drift.blockedMajorUpgrade().isPresent()) {
      statusConditions.notReady(resource, status, "MajorVersionUpgradeNotAllowed", "spec.engineVersion "
          + drift.blockedMajorUpgrade().get() + " is a major upgrade from " + cluster.engineVersion()
          + "; set spec.allowMajorVersionUpgrade: true to perform it");
      return timings.resyncFromNow();
    }
    if (status.getPhase() != ClusterPhase.Available) {
      statusConditions.progressing(resource, status, "InstancesNotReady", "Waiting for instances to become available");
      return polls.whileWaiting(uid(resource), api, desired.identifier());
    }
    polls.settled(uid(resource));
    monitoringSync.observe(resource, desired, cluster, status);
    statusConditions.ready(resource, status);
    return timings.resyncFromNow();
  }

  /**
   * AWS accepted these changes {@link ChangeAttempts#LIMIT} times and never showed them. Said once as a
   * Warning event (again only when the values change), and kept in the Degraded condition.
   */
  private Duration changesNotApplied(DatabaseCluster resource, DatabaseClusterStatus status,
      List<FieldDrift> drifts, Set<String> exhausted) {
    String message = "AWS accepted but did not apply these changes after " + ChangeAttempts.LIMIT
        + " attempts, so they are no longer sent until the spec or AWS's value changes: "
        + ChangeAttempts.describe(drifts, exhausted);
    boolean alreadySaid = Conditions.find(status.getConditions(), Conditions.DEGRADED)
        .filter(c -> "True".equals(c.getStatus()) && CHANGE_NOT_APPLIED.equals(c.getReason())
            && message.equals(c.getMessage()))
        .isPresent();
    if (!alreadySaid) {
      events.warning(resource, CHANGE_NOT_APPLIED, message);
    }
    statusConditions.notReady(resource, status, CHANGE_NOT_APPLIED, message);
    return timings.resyncFromNow();
  }

  /** Creates, modifies and deletes instances; {@code sent} collects the instance fields sent to AWS. */
  private void applyInstancePlan(InstancePlan plan, DesiredCluster desired, DatabaseClusterStatus status,
      ClusterApi api, List<String> actions, Set<String> exhausted, Set<String> sent) {
    for (DesiredInstance d : plan.toCreate()) {
      try {
        api.createInstance(new NewInstance(d.identifier(), desired.identifier(), desired.engine(),
            desired.instanceClass(), d.promotionTier(), d.performanceInsightsEnabled(),
            d.performanceInsightsRetentionDays(), d.performanceInsightsKmsKeyId(), null, d.publiclyAccessible(),
            desired.tags()));
        actions.add("created instance " + d.identifier());
      } catch (AwsException e) {
        if (!creation.ownNameTaken(e, status, PendingCreates.INSTANCE, d.identifier())) {
          throw e;
        }
        // An earlier create of ours (answer lost, or not listed yet): wait for it to be listed.
      }
      status.setPendingCreates(pendingCreates.asked(status.getPendingCreates(), PendingCreates.INSTANCE,
          d.identifier()));
    }
    plan.toModify().forEach((id, changes) -> {
      api.modifyInstance(id, changes);
      plan.drifts().stream().map(FieldDrift::field)
          .filter(f -> f.startsWith(InstancePlan.fieldPrefix(id)) && !exhausted.contains(f))
          .forEach(sent::add);
      actions.add("modified instance " + id);
    });
    for (String id : plan.toDelete()) {
      api.deleteInstance(id);
      actions.add("deleted instance " + id);
    }
  }

  private void writeConnectionSecret(DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status,
      AuroraCluster cluster, Optional<SecretValue> password) {
    if (!ConnectionSecretWriter.isEnabled(resource) || cluster.endpoint() == null) {
      status.setConnectionSecretName(null);
      return;
    }
    connectionSecrets.write(resource, desired, cluster, password);
    status.setConnectionSecretName(ConnectionSecretWriter.nameFor(resource));
  }

  private Duration failed(DatabaseCluster resource, DatabaseClusterStatus status, AwsException e) {
    ClusterConditions.recordError(status, e.code(), e.getMessage());
    long generation = ClusterConditions.generationOf(resource);
    if (e.isRetryable() || e.kind() == AwsErrorKind.ALREADY_EXISTS) {
      Duration wait = backoff.retryable(uid(resource), generation);
      String message = e.getMessage() + "; retrying in " + wait.toSeconds() + "s";
      conditions.set(status.getConditions(), Conditions.PROGRESSING, true, e.code(), message, generation);
      conditions.set(status.getConditions(), Conditions.DEGRADED, true, e.code(), message, generation);
      LOG.warn("{}: retryable AWS error, retrying in {}: {}", key(resource), wait, e.getMessage());
      return wait;
    }
    FailureHold held = backoff.terminal(uid(resource), generation);
    status.setFailureHold(held);
    Duration hold = timings.terminalHold();
    if (status.getPhase() == null || status.getPhase() == ClusterPhase.Pending) {
      // Refused before a cluster existed (create or restore): nothing is coming until the spec changes.
      status.setPhase(ClusterPhase.Failed);
    }
    statusConditions.notReady(resource, status, e.code(), e.getMessage());
    conditions.set(status.getConditions(), Conditions.DEGRADED, true, e.code(),
        e.getMessage() + "; not retried until the spec changes or " + hold.toMinutes() + " minutes pass", generation);
    events.warning(resource, e.code(), e.getMessage());
    LOG.warn("{}: AWS refused the request, waiting for a spec change: {}", key(resource), e.getMessage());
    return hold;
  }

  @Override
  public ErrorStatusUpdateControl<DatabaseCluster> updateErrorStatus(
      DatabaseCluster resource, Context<DatabaseCluster> context, Exception e) {
    DatabaseClusterStatus status = ClusterConditions.statusOf(resource);
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    status.setLastError(ClusterConditions.error("ReconcileError", message));
    conditions.set(status.getConditions(), Conditions.DEGRADED, true, "ReconcileError", message,
        ClusterConditions.generationOf(resource));
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  @Override
  public DeleteControl cleanup(DatabaseCluster resource, Context<DatabaseCluster> context) {
    polls.settled(uid(resource));
    DesiredCluster desired = DesiredCluster.of(resource, regions.defaultRegion());
    try {
      monitoringSync.removeWithResource(resource, desired);
    } catch (AwsException e) {
      Duration wait = failed(resource, ClusterConditions.statusOf(resource), e);
      deletion.patchStatus(resource);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait.toMillis());
    }
    if (desired.deletionPolicy() == DeletionPolicy.Retain) {
      events.normal(resource, "Retained", "deletionPolicy Retain: cluster " + desired.identifier()
          + " stays in AWS");
      monitoringSync.forget(resource);
      return DeleteControl.defaultDelete();
    }
    try {
      DeleteControl control = deletion.delete(resource, desired);
      if (control.isRemoveFinalizer()) {
        monitoringSync.forget(resource);
      }
      return control;
    } catch (AwsException e) {
      DatabaseClusterStatus status = ClusterConditions.statusOf(resource);
      Duration wait = failed(resource, status, e);
      deletion.patchStatus(resource);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait.toMillis());
    }
  }

  private static String uid(DatabaseCluster resource) {
    return resource.getMetadata().getUid();
  }

  private static String key(DatabaseCluster resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
