package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.migration.AppRouting.ConnectionDetails;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the write fence one last time, then points what the apps use at the target: the connection Secret, the ExternalName Service and the
 * Route53 record, each an upsert; then closes the read-only window. Optionally hands the target to a
 * DatabaseCluster resource so it stays managed. A Secret or Service Argo CD tracks holds the step
 * (RoutingOwnershipCheck). RestartWorkloads and DrainSource then move the apps themselves.
 */
public final class CutoverStep implements MigrationStep {
  public static final String NAME = "Cutover";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    // Before the fence clears, so a person who cannot take the Argo CD path may still roll back.
    Optional<StepResult> tracked = RoutingOwnershipCheck.check(ctx);
    if (tracked.isPresent()) {
      return tracked.get();
    }
    var fence = ctx.status().getWriteFence();
    if (fence == null || fence.getClearedForCutoverAt() == null) {
      // The last look at the source before apps move. "Cleared" is persisted (by this short wait) before
      // anything is repointed: from then on a rollback is refused, and a resumed cutover does not ask again.
      Optional<StepResult> held = WriteFence.check(ctx, NAME);
      if (held.isPresent()) {
        return held.get();
      }
      ctx.status().getWriteFence().setClearedForCutoverAt(ctx.now().toString());
      return StepResult.waiting("write fence clear (" + VerifyStep.fenceSummary(ctx) + "); repointing apps",
          ctx.timings().nextStep());
    }
    AuroraCluster target = ctx.targetCluster().orElseThrow(() -> new IllegalStateException("target cluster vanished"));
    ConnectionDetails details =
        new ConnectionDetails(
            target.identifier(),
            ctx.region(),
            target.endpoint(),
            target.readerEndpoint(),
            target.port() == null ? 5432 : target.port(),
            target.engineVersion());
    CutoverSpec cutover = ctx.spec().getCutover() == null ? new CutoverSpec() : ctx.spec().getCutover();
    List<String> done = new ArrayList<>();
    // Recorded first: RoutingDriftCheck compares against it after completion.
    ctx.status().apps().setRoutedHost(details.host());
    // The adopter first, so a Secret or Service the operator creates can be owned by it (it outlives the migration).
    if (cutover.getAdoptAsDatabaseCluster() != null) {
      ctx.routing().adoptTarget(ctx.migration(), cutover.getAdoptAsDatabaseCluster(), details);
      done.add("DatabaseCluster adopting " + target.identifier());
    }
    if (cutover.getConnectionSecretName() != null) {
      ctx.routing().pointSecret(ctx.migration(), cutover.getConnectionSecretName(), details);
      done.add("Secret " + cutover.getConnectionSecretName());
    }
    if (cutover.getServiceName() != null) {
      ctx.routing().pointService(ctx.migration(), cutover.getServiceName(), details.host());
      done.add("Service " + cutover.getServiceName());
    }
    if (cutover.getRoute53() != null) {
      var record = cutover.getRoute53();
      ctx.dns().upsertCname(record.getHostedZoneId(), record.getRecordName(), details.host(), record.getTtl() == null ? 60 : record.getTtl());
      done.add("DNS " + record.getRecordName());
    }
    closeReadOnlyWindow(ctx);
    return StepResult.done(
        (done.isEmpty() ? "nothing to repoint" : "pointed " + String.join(", ", done)) + " at " + details.host());
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    CutoverSpec cutover = ctx.spec().getCutover() == null ? new CutoverSpec() : ctx.spec().getCutover();
    List<String> lines = new ArrayList<>();
    lines.add(WriteFence.planCheck());
    if (cutover.getConnectionSecretName() != null) {
      lines.add("kubernetes: patch Secret " + cutover.getConnectionSecretName() + " host/port → target endpoint");
    }
    if (cutover.getServiceName() != null) {
      lines.add("kubernetes: apply Service " + cutover.getServiceName() + " (ExternalName → target endpoint)");
    }
    if (cutover.getRoute53() != null) {
      lines.add("route53:ChangeResourceRecordSets UPSERT CNAME " + cutover.getRoute53().getRecordName());
    }
    if (cutover.getAdoptAsDatabaseCluster() != null) {
      lines.add("kubernetes: create DatabaseCluster adopting " + ctx.names().targetCluster());
    }
    return lines;
  }

  private static void closeReadOnlyWindow(MigrationContext ctx) {
    ReadOnlyWindowStatus window = ctx.status().getReadOnlyWindow();
    if (window == null || window.getStartedAt() == null || window.getEndedAt() != null) {
      return;
    }
    Instant ended = ctx.now();
    Duration length = Duration.between(Instant.parse(window.getStartedAt()), ended);
    window.setEndedAt(ended.toString());
    window.setDurationSeconds(length.toSeconds());
    window.setDuration(HumanDuration.format(length));
  }
}
