package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.CutoverSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to repoint a Secret or Service that Argo CD tracks, unless the person said its Application
 * ignores the fields the cutover writes: with self-heal, Argo CD would put the old host back and the apps
 * would silently return to the read-only source. Run by Preflight (before anything changes) and again by
 * Cutover (an object may have been added to Git during a long migration).
 */
public final class RoutingOwnershipCheck {
  public static final String REASON = "RoutingObjectTrackedByArgoCd";

  private RoutingOwnershipCheck() {}

  public static Optional<StepResult> check(MigrationContext ctx) {
    CutoverSpec cutover = ctx.spec().getCutover();
    if (cutover == null || cutover.isArgoCdIgnoresRoutingFields()) {
      return Optional.empty();
    }
    List<String> tracked = new ArrayList<>();
    if (cutover.getConnectionSecretName() != null) {
      ctx.routing().argoCdTracking(ctx.migration(), "Secret", cutover.getConnectionSecretName())
          .ifPresent(how -> tracked.add("Secret " + cutover.getConnectionSecretName() + " (" + how + ")"));
    }
    if (cutover.getServiceName() != null) {
      ctx.routing().argoCdTracking(ctx.migration(), "Service", cutover.getServiceName())
          .ifPresent(how -> tracked.add("Service " + cutover.getServiceName() + " (" + how + ")"));
    }
    if (tracked.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StepResult.held(REASON, String.join(", ", tracked)
        + " is tracked by Argo CD, which would write the old host back after cutover. Either remove it from Git"
        + " and delete it, so the operator creates and owns it (do not put it back in Git), or add the"
        + " ignoreDifferences of argocd/ignore-differences.yaml to its Application and set"
        + " spec.cutover.argoCdIgnoresRoutingFields: true. Nothing was changed."));
  }
}
