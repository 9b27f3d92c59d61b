package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AppsCutoverStatus;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After completion, looks again that the Secret and Service the cutover wrote still point at the target.
 * Something may put the old host back (Argo CD self-heal from Git, a Helm upgrade, a person); apps would
 * then be on the read-only source again, silently. The operator does not write the target back (that would
 * fight whoever wrote it); it reports Degraded with reason RoutingReverted and what it found.
 */
final class RoutingDriftCheck {
  static final String REASON = "RoutingReverted";
  static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(RoutingDriftCheck.class);

  private RoutingDriftCheck() {}

  static Optional<Duration> check(MigrationContext ctx, MigrationStatusWriter writer) {
    CutoverSpec cutover = ctx.spec().getCutover();
    AppsCutoverStatus apps = ctx.status().getApps();
    if (ctx.status().getPhase() != MigrationPhase.Completed || cutover == null || apps == null
        || apps.getRoutedHost() == null
        || (cutover.getConnectionSecretName() == null && cutover.getServiceName() == null)) {
      return Optional.empty();
    }
    List<String> drift = new ArrayList<>();
    try {
      compare(ctx, "Secret", cutover.getConnectionSecretName(), apps.getRoutedHost(), drift);
      compare(ctx, "Service", cutover.getServiceName(), apps.getRoutedHost(), drift);
    } catch (KubernetesClientException e) {
      LOG.warn("migration {}: cannot read the routing objects: {}", ctx.migration().getMetadata().getName(), e.getMessage());
      return Optional.of(INTERVAL);
    }
    apps.setRoutingDrift(drift);
    boolean degraded = Conditions.find(ctx.status().getConditions(), Conditions.DEGRADED)
        .map(c -> "True".equals(c.getStatus()) && REASON.equals(c.getReason())).orElse(false);
    if (!drift.isEmpty()) {
      writer.routingReverted(ctx.migration(), REASON, String.join("; ", drift) + ", not the target "
          + apps.getRoutedHost() + ": something wrote it back (Argo CD self-heal from Git?), so apps may be on the"
          + " read-only source. Point it at the target again and keep it out of Git, or let Argo CD ignore the"
          + " field (argocd/ignore-differences.yaml).");
    } else if (apps.getRoutingCheckedAt() == null || degraded) {
      // Only on a change, so a finished migration does not rewrite its status every minute.
      apps.setRoutingCheckedAt(ctx.now().toString());
      if (degraded) {
        writer.routingRestored(ctx.migration());
      }
    }
    return Optional.of(INTERVAL);
  }

  private static void compare(MigrationContext ctx, String kind, String name, String expected, List<String> drift) {
    if (name == null) {
      return;
    }
    Optional<String> host = ctx.routing().pointedHost(ctx.migration(), kind, name);
    if (host.isEmpty()) {
      drift.add(kind + " " + name + " is gone or has no host");
    } else if (!host.get().equals(expected)) {
      drift.add(kind + " " + name + " points at " + host.get());
    }
  }
}
