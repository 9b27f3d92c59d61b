package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.aws.SecretValue;
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
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  static final String PASSWORD_SET = "MasterPasswordSet";
  static final String CHANGE_NOT_APPLIED = "ChangeNotApplied";

  private final AwsRegions regions;
  private final ClusterTimings timings;
  private final FailureBackoff backoff;
  private final MasterPasswordSource passwords;
  private final ConnectionSecretWriter connectionSecrets;
  private final ClusterEvents events;
  private final ClusterStatusObserver observer = new ClusterStatusObserver();
  private final Conditions conditions = new Conditions();
  private final ClusterMonitoringSync monitoringSync;
  private final ClusterDeletion deletion;
  private final ClusterConditions statusConditions;
  private final PendingCreates pendingCreates;
  private final KubernetesClient client;

  public DatabaseClusterReconciler(KubernetesClient client, AwsRegions regions, ClusterTimings timings) {
    this.regions = regions;
    this.timings = timings;
    this.backoff = new FailureBackoff(
        timings.retryInitial(), timings.retryCap(), timings.terminalHold(), Clock.systemUTC());
    this.passwords = new MasterPasswordSource(client);
    this.connectionSecrets = new ConnectionSecretWriter(client);
    this.events = new ClusterEvents(client);
    this.monitoringSync = new ClusterMonitoringSync(client, regions, events);
    this.client = client;
    this.statusConditions = new ClusterConditions(conditions);
    this.deletion = new ClusterDeletion(client, regions, timings, events, statusConditions);
    this.pendingCreates = new PendingCreates(timings.createGrace(), Clock.systemUTC());
  }

  @Override
  public UpdateControl<DatabaseCluster> reconcile(DatabaseCluster resource, Context<DatabaseCluster> context) {
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
      return UpdateControl.patchStatus(resource).rescheduleAfter(next);
    } catch (AwsException e) {
      return UpdateControl.patchStatus(resource).rescheduleAfter(failed(resource, status, e));
    }
  }

  private Duration converge(DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status) {
    ClusterApi api = regions.clusters(desired.region());
    Optional<AuroraCluster> found = api.findCluster(desired.identifier());
    if (found.isEmpty()) {
      if (pendingCreates.awaited(status.getPendingCreates(), PendingCreates.CLUSTER, desired.identifier())) {
        return awaitClusterListing(resource, desired, status, api);
      }
      return createCluster(resource, desired, status, api);
    }
    AuroraCluster cluster = found.get();
    if (!desired.adoptExisting() && !OwnerTag.isOwnedBy(cluster, resource)) {
      status.setPendingCreates(null);
      status.setPhase(ClusterPhase.Failed);
      statusConditions.notReady(resource, status, "ClusterExistsNotOwned", "A cluster " + desired.identifier()
          + " exists in " + desired.region() + " without the tag " + OwnerTag.KEY + "=" + OwnerTag.valueFor(resource)
          + "; set adoptExisting: true to manage it, or choose another clusterIdentifier");
      return timings.resync();
    }
    List<AuroraInstance> instances =
        OwnInstances.of(desired.identifier(), api.findInstances(desired.identifier()));
    status.setPendingCreates(pendingCreates.afterListing(status.getPendingCreates(),
        instances.stream().map(AuroraInstance::identifier).collect(Collectors.toSet()),
        desired.instances().stream().map(DesiredInstance::identifier).collect(Collectors.toSet())));
    observer.observe(status, cluster, instances);
    if (!cluster.isAvailable()) {
      statusConditions.progressing(resource, status, "AwsBusy", "Waiting for the cluster: AWS reports " + cluster.status());
      return timings.poll();
    }

    List<String> actions = new ArrayList<>();
    Optional<SecretValue> password = passwords.passwordFor(resource);
    long generation = ClusterConditions.generationOf(resource);
    List<String> managedTags = status.getManagedTagKeys() == null ? List.of() : status.getManagedTagKeys();
    TagDiff allTags = TagDiff.between(desired.tags(), cluster.tags(), Set.copyOf(managedTags));
    List<FieldDrift> drifts = new ArrayList<>(ClusterDrift.between(desired, cluster).fields());
    drifts.addAll(allTags.fields(cluster.tags()));
    // A change sent LIMIT times that AWS never showed is left out: sending it again would loop forever.
    Set<String> exhausted = ChangeAttempts.exhausted(status.getChangeAttempts(), generation, drifts);
    ClusterDrift drift = ClusterDrift.between(desired, cluster, exhausted);
    TagDiff tags = allTags.without(exhausted);
    ClusterChanges changes = drift.changes();
    boolean settingRestoredPassword = needsPasswordAfterRestore(desired, status, password);
    if (settingRestoredPassword) {
      changes = withMasterPassword(changes, password.get());
    }
    ensureOwnedParameterGroup(resource, desired, api);
    Set<String> sent = new HashSet<>();
    try {
      if (!changes.isEmpty()) {
        api.modifyCluster(desired.identifier(), changes);
        drift.fields().stream().map(FieldDrift::field).filter(f -> !exhausted.contains(f)).forEach(sent::add);
        actions.add("modified cluster (" + ChangeSummary.of(changes) + ")");
        if (settingRestoredPassword) {
          conditions.set(status.getConditions(), PASSWORD_SET, true, "SetAfterRestore",
              "Master password set from " + resource.getSpec().getMasterCredentials().getPasswordSecretRef().getName(),
              generation);
        }
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
    } finally {
      // Recorded even when a later write failed, so every send that AWS accepted is counted.
      List<ChangeAttempt> attempts = ChangeAttempts.afterSending(status.getChangeAttempts(), generation, drifts, sent);
      status.setChangeAttempts(attempts.isEmpty() ? null : attempts);
      status.setManagedTagKeys(TagDiff.managedAfter(desired.tags(), cluster.tags(), managedTags));
    }
    applyInstancePlan(desired, status, cluster, instances, api, actions);

    writeConnectionSecret(resource, desired, status, cluster, password);

    if (!actions.isEmpty()) {
      api.refresh(desired.identifier());
      events.normal(resource, "Updating", String.join("; ", actions));
      status.setPhase(ClusterPhase.Modifying);
      statusConditions.progressing(resource, status, "Updating", String.join("; ", actions));
      return timings.poll();
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
      return timings.poll();
    }
    if (!exhausted.isEmpty()) {
      return changesNotApplied(resource, status, drifts, exhausted);
    }
    if (drift.blockedMajorUpgrade().isPresent()) {
      statusConditions.notReady(resource, status, "MajorVersionUpgradeNotAllowed", "spec.engineVersion "
          + drift.blockedMajorUpgrade().get() + " is a major upgrade from " + cluster.engineVersion()
          + "; set spec.allowMajorVersionUpgrade: true to perform it");
      return timings.resync();
    }
    if (status.getPhase() != ClusterPhase.Available) {
      statusConditions.progressing(resource, status, "InstancesNotReady", "Waiting for instances to become available");
      return timings.poll();
    }
    monitoringSync.observe(resource, desired, cluster, status);
    statusConditions.ready(resource, status);
    return timings.resync();
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
    return timings.resync();
  }

  /**
   * A restored cluster keeps the snapshot's password. When the spec names a password Secret it is set
   * once after the restore; the condition remembers that without storing anything derived from it.
   */
  private static boolean needsPasswordAfterRestore(
      DesiredCluster desired, DatabaseClusterStatus status, Optional<SecretValue> password) {
    return desired.restoreFromSnapshot().isPresent()
        && password.isPresent()
        && !Conditions.isTrue(status.getConditions(), PASSWORD_SET);
  }

  private static ClusterChanges withMasterPassword(ClusterChanges c, SecretValue password) {
    return new ClusterChanges(c.scaling(), c.backupRetentionDays(), c.backupWindow(), c.maintenanceWindow(),
        c.deletionProtection(), c.parameterGroup(), c.enableLogTypes(), c.disableLogTypes(), c.engineVersion(),
        c.allowMajorVersionUpgrade(), c.instanceParameterGroup(), c.copyTagsToSnapshot(), password);
  }

  private Duration createCluster(
      DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status, ClusterApi api) {
    observer.observeAbsent(status);
    if (desired.adoptExisting()) {
      statusConditions.notReady(resource, status, "ClusterNotFound", "No cluster " + desired.identifier() + " in "
          + desired.region() + " to adopt; adoptExisting never creates one");
      return timings.resync();
    }
    ensureOwnedParameterGroup(resource, desired, api);
    String parameterGroup = desired.parameterGroupName().orElse(null);
    try {
      if (desired.restoreFromSnapshot().isPresent()) {
        api.restoreFromSnapshot(new ClusterRestore(
            desired.identifier(), desired.restoreFromSnapshot().get(), desired.engine(), desired.engineVersion(),
            desired.scaling(), desired.port(), desired.dbSubnetGroup(), desired.securityGroupIds(),
            desired.kmsKeyId(), parameterGroup, desired.deletionProtectionForCreate(), desired.logExports(), desired.tags()));
        events.normal(resource, "Restoring", "Restoring cluster " + desired.identifier() + " from snapshot "
            + desired.restoreFromSnapshot().get());
      } else {
        Optional<SecretValue> password = desired.manageMasterUserPassword()
            ? Optional.empty() : passwords.passwordFor(resource);
        if (!desired.manageMasterUserPassword() && password.isEmpty()) {
          status.setPhase(ClusterPhase.Failed);
          statusConditions.notReady(resource, status, "MasterPasswordMissing",
              "Set masterCredentials.passwordSecretRef or masterCredentials.manageMasterUserPassword: true");
          return timings.resync();
        }
        api.createCluster(new NewCluster(
            desired.identifier(), desired.engine(), desired.engineVersion(), desired.scaling(),
            desired.masterUsername(), password.orElse(null), desired.manageMasterUserPassword(),
            desired.masterUserSecretKmsKeyId(), desired.databaseName(), desired.port(), desired.dbSubnetGroup(),
            desired.securityGroupIds(), desired.storageEncrypted(), desired.kmsKeyId(),
            desired.retentionDaysForCreate(), desired.backupWindow(), desired.maintenanceWindow(),
            desired.deletionProtectionForCreate(), parameterGroup, desired.logExports(),
            desired.copyTagsToSnapshotForCreate(),
            desired.tags()));
        events.normal(resource, "Creating", "Creating cluster " + desired.identifier() + " in " + desired.region());
      }
    } catch (AwsException e) {
      if (!ownNameTaken(e, status, PendingCreates.CLUSTER, desired.identifier())) {
        throw e;
      }
      // Our own name, taken: a create of ours the describes do not list yet, one whose answer was lost (the
      // SDK retried it), or someone else's cluster. Once listed, the owner-tag check decides: adopted if
      // ours, ClusterExistsNotOwned if not.
      status.setPendingCreates(pendingCreates.asked(status.getPendingCreates(), PendingCreates.CLUSTER,
          desired.identifier()));
      return awaitClusterListing(resource, desired, status, api);
    }
    status.setPendingCreates(pendingCreates.asked(status.getPendingCreates(), PendingCreates.CLUSTER,
        desired.identifier()));
    api.refresh(desired.identifier());
    status.setPhase(ClusterPhase.Creating);
    statusConditions.progressing(resource, status, "Creating", "Creating cluster " + desired.identifier());
    return timings.poll();
  }

  /**
   * The cluster's create was asked for within the grace period and the describes do not list it yet: RDS
   * lists new clusters with a delay, and creating it again would only be refused as AlreadyExists.
   */
  private Duration awaitClusterListing(
      DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status, ClusterApi api) {
    // Without a re-read the inventory would keep the miss until its next full listing.
    api.refresh(desired.identifier());
    observer.observeAbsent(status);
    status.setPhase(ClusterPhase.Creating);
    statusConditions.progressing(resource, status, "Creating",
        "Cluster " + desired.identifier() + " was created and AWS does not list it yet");
    return timings.poll();
  }

  /**
   * AlreadyExists for a name the operator asked to create: AWS's lag, unless a create of it was already
   * waited for a whole grace period and it never showed, which is a real conflict to report.
   */
  private boolean ownNameTaken(AwsException e, DatabaseClusterStatus status, String kind, String identifier) {
    return e.kind() == AwsErrorKind.ALREADY_EXISTS
        && !pendingCreates.waitedInVain(status.getPendingCreates(), kind, identifier);
  }

  /**
   * Puts the owned group's parameters once per spec generation: RDS cannot tell us cheaply whether they
   * still match, and re-putting unchanged parameters on every resync would be needless writes.
   */
  private void ensureOwnedParameterGroup(DatabaseCluster resource, DesiredCluster desired, ClusterApi api) {
    if (desired.ownedParameterGroup().isEmpty()) {
      return;
    }
    OwnedParameterGroup group = desired.ownedParameterGroup().get();
    boolean specChanged = !Long.valueOf(ClusterConditions.generationOf(resource)).equals(appliedGeneration(resource));
    if (specChanged || !api.clusterParameterGroupExists(group.name())) {
      api.putClusterParameterGroup(group.name(), group.family(), group.parameters(),
          Map.of(OwnerTag.KEY, OwnerTag.valueFor(resource)));
      LOG.debug("parameter group {} put for generation {}", group.name(), ClusterConditions.generationOf(resource));
    }
  }

  /** The generation the previous pass acted on, from the Ready condition it left behind. */
  private static Long appliedGeneration(DatabaseCluster resource) {
    return Conditions.find(ClusterConditions.statusOf(resource).getConditions(), Conditions.READY)
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> c.getObservedGeneration())
        .orElse(null);
  }

  private void applyInstancePlan(DesiredCluster desired, DatabaseClusterStatus status, AuroraCluster cluster,
      List<AuroraInstance> instances, ClusterApi api, List<String> actions) {
    InstancePlan plan = InstancePlan.between(desired.instances(), instances, cluster.members(),
        pendingCreates.awaitedInstances(status.getPendingCreates()));
    for (DesiredInstance d : plan.toCreate()) {
      try {
        api.createInstance(new NewInstance(d.identifier(), desired.identifier(), desired.engine(),
            desired.instanceClass(), d.promotionTier(), d.performanceInsightsEnabled(),
            d.performanceInsightsRetentionDays(), d.performanceInsightsKmsKeyId(), null, d.publiclyAccessible(),
            desired.tags()));
        actions.add("created instance " + d.identifier());
      } catch (AwsException e) {
        if (!ownNameTaken(e, status, PendingCreates.INSTANCE, d.identifier())) {
          throw e;
        }
        // An earlier create of ours (answer lost, or not listed yet): wait for it to be listed.
      }
      status.setPendingCreates(pendingCreates.asked(status.getPendingCreates(), PendingCreates.INSTANCE,
          d.identifier()));
    }
    plan.toModify().forEach((id, changes) -> {
      api.modifyInstance(id, changes);
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
    status.setLastError(ClusterConditions.error(e.code(), e.getMessage()));
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
