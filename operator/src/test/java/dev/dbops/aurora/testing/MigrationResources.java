package dev.dbops.aurora.testing;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationSpec;
import dev.dbops.aurora.model.migration.SourceSpec;
import dev.dbops.aurora.model.migration.TargetSpec;

/**
 * The AuroraMigration resource tests start from: shop/orders with a fixed uid, so the names the operator
 * derives from it (the snapshot's {@code -premigration-6f1c2d3e}) are the same in every test.
 */
public final class MigrationResources {
  public static final String UID = "6f1c2d3e-0000-4000-8000-000000000001";

  private MigrationResources() {}

  /** A migration of {@code source} to {@code target} (null: the operator's default name), nothing else set. */
  public static AuroraMigration migrationOf(String source, String target) {
    AuroraMigration m = new AuroraMigration();
    m.getMetadata().setName("orders");
    m.getMetadata().setNamespace("shop");
    m.getMetadata().setUid(UID);
    m.getMetadata().setGeneration(1L);
    AuroraMigrationSpec spec = new AuroraMigrationSpec();
    SourceSpec sourceSpec = new SourceSpec();
    sourceSpec.setClusterIdentifier(source);
    spec.setSource(sourceSpec);
    TargetSpec targetSpec = new TargetSpec();
    targetSpec.setClusterIdentifier(target);
    spec.setTarget(targetSpec);
    m.setSpec(spec);
    return m;
  }
}
