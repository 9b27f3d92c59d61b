package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;

/**
 * Every AWS name a migration creates, derived from the resource alone, so a restarted operator finds
 * what it made before instead of making it again. The uid prefix keeps a re-created resource of the same
 * name from adopting an older migration's snapshot.
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
        target == null || target.isBlank() ? source + "-v2" : target,
        prefix,
        migration.getMetadata().getNamespace() + "/" + migration.getMetadata().getName());
  }

  /** Snapshot of the read-only source that the target is restored from. */
  public String sourceSnapshot() {
    return sourceCluster + "-premigration-" + uidPrefix;
  }

  /** Final snapshot taken before the source is deleted at retirement. */
  public String sourceFinalSnapshot() {
    return sourceCluster + "-final-" + uidPrefix;
  }

  /** Final snapshot taken before a rollback deletes the target. */
  public String targetFinalSnapshot() {
    return targetCluster + "-rollback-" + uidPrefix;
  }

  /** Instance identifiers of the target: writer first. */
  public String targetInstance(int index) {
    return targetCluster + "-" + (index + 1);
  }
}
