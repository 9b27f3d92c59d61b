package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import java.util.Optional;

/**
 * The places apps learn where their database is; cutover repoints each at the target. Every method is
 * an upsert, so a cutover interrupted half-way is simply run again.
 */
public interface AppRouting {

  /** Writes host, readerHost and port (keeping the Secret's other keys, such as the password). */
  void pointSecret(AuroraMigration migration, String secretName, ConnectionDetails target);

  /** Creates or repoints an ExternalName Service at the target's writer endpoint. */
  void pointService(AuroraMigration migration, String serviceName, String host);

  /** Creates the DatabaseCluster that adopts the target, unless it exists. */
  void adoptTarget(AuroraMigration migration, AdoptionSpec adoption, ConnectionDetails target);

  /**
   * How Argo CD tracks the existing Secret or Service ({@code kind} "Secret" or "Service"), e.g.
   * "annotation argocd.argoproj.io/tracking-id"; empty when it does not exist or carries no tracking.
   */
  Optional<String> argoCdTracking(AuroraMigration migration, String kind, String name);

  /** The host the Secret's {@code host} key or the Service's externalName holds now; empty when absent. */
  Optional<String> pointedHost(AuroraMigration migration, String kind, String name);

  /** Where apps should now connect. */
  record ConnectionDetails(
      String clusterIdentifier, String region, String host, String readerHost, int port, String engineVersion) {}
}
