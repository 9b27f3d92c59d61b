package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;
import java.util.Locale;

/**
 * Every AWS name a migration creates, derived from the resource alone, so a restarted operator finds
 * what it made before instead of making it again. The uid prefix keeps a re-created resource of the same
 * name from adopting an older migration's snapshot. Derived names go through {@link RdsIdentifier}, so they
 * fit RDS's 63 characters however long the source or target is.
 */
public record MigrationNames(String sourceCluster, String targetCluster, String uidPrefix, String ownerTagValue) {

  /** Tag put on everything the migration creates: value namespace/name. */
  public static final String OWNER_TAG = "aurora.dbops.dev/migration";

  public static MigrationNames of(AuroraMigration migration) {
    String source = migration.getSpec().getSource().getClusterIdentifier();
    String target = migration.getSpec().getTarget().getClusterIdentifier();
    String uid = migration.getMetadata().getUid() == null ? "local" : migration.getMetadata().getUid();
    String prefix = uid.replace("-", "").substring(0, Math.min(8, uid.replace("-", "").length()));
    return new MigrationNames(
        source,
        target == null || target.isBlank() ? RdsIdentifier.derive(source, "-v2") : target,
        prefix,
        migration.getMetadata().getNamespace() + "/" + migration.getMetadata().getName());
  }

  /** Snapshot of the read-only source that the target is restored from. */
  public String sourceSnapshot() {
    return RdsIdentifier.derive(sourceCluster, "-premigration-" + uidPrefix);
  }

  /**
   * Final snapshot taken before the source is deleted at retirement. It is DeleteDBCluster's
   * FinalDBSnapshotIdentifier, which RDS allows up to 255 characters, so it keeps the plain form.
   */
  public String sourceFinalSnapshot() {
    return sourceCluster + "-final-" + uidPrefix;
  }

  /** Final snapshot taken before a rollback deletes the target (FinalDBSnapshotIdentifier, as above). */
  public String targetFinalSnapshot() {
    return targetCluster + "-rollback-" + uidPrefix;
  }

  /** Instance identifiers of the target: writer first. */
  public String targetInstance(int index) {
    return RdsIdentifier.derive(targetCluster, "-" + (index + 1));
  }

  /**
   * Operator-owned DB cluster parameter group of the target in one family, holding the source group's
   * parameters. RDS allows group names up to 255 characters (letters, digits, hyphens), so it keeps the
   * plain form; RDS stores it in lower case.
   */
  public String carriedParameterGroup(String family) {
    return (targetCluster + "-" + family + "-" + uidPrefix).toLowerCase(Locale.ROOT);
  }

  /** Provisioned writer that carries a version without Serverless v2 through the upgrade, then goes. */
  public String targetUpgradeWriter() {
    return RdsIdentifier.derive(targetCluster, "-upgrade");
  }

  /** The Blue/Green deployment (RDS: 1 to 60 letters, digits and hyphens, unique in the region). */
  public String blueGreenDeployment() {
    String suffix = "-bg-" + uidPrefix;
    String base = sourceCluster.length() + suffix.length() > 60 ? sourceCluster.substring(0, 60 - suffix.length()) : sourceCluster;
    return (base.endsWith("-") ? base.substring(0, base.length() - 1) : base) + suffix;
  }

  /**
   * Operator-owned DB cluster parameter group attached to the source with rds.logical_replication = 1, in the
   * source's family: the source group's own parameters plus that one.
   */
  public String logicalReplicationParameterGroup(String family) {
    return (sourceCluster + "-logical-" + family + "-" + uidPrefix).toLowerCase(Locale.ROOT);
  }

  /** db.serverless instances the operator adds to green (index from 0); green's own names are RDS's. */
  public String greenServerlessInstance(int index) {
    return RdsIdentifier.derive(sourceCluster, "-sv2-" + uidPrefix + "-" + (index + 1));
  }
}
