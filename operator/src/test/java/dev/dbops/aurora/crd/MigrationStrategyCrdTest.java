package dev.dbops.aurora.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.strategy and spec.blueGreen as the API server sees them: defaults, and the bounds RDS sets. */
class MigrationStrategyCrdTest {
  private static final CrdSchemaValidator MIGRATIONS = CrdSchemaValidator.forKind("AuroraMigration");

  private static Map<String, Object> migration(String extra) {
    return YamlTrees.parse("""
        apiVersion: aurora.dbops.dev/v1alpha1
        kind: AuroraMigration
        metadata:
          name: orders-to-v2
        spec:
          source:
            clusterIdentifier: orders-v1
            username: migrator
            passwordSecretRef:
              name: orders-migrator
          target:
            scaling:
              maxCapacity: 8
        """ + extra.indent(2));
  }

  @Test
  void aMigrationThatNamesNoStrategyIsSnapshotRestoreAsEveryMigrationBefore() {
    CrdSchemaValidator.Verdict verdict = MIGRATIONS.validateCreate(migration(""));

    assertThat(verdict.messages()).isEmpty();
    assertThat(SchemaNode.asMap(verdict.resource().get("spec"))).containsEntry("strategy", "SnapshotRestore")
        .doesNotContainKey("blueGreen");
  }

  @Test
  void blueGreenOptionsTakeRdsDefaultsAndItsSwitchoverRange() {
    CrdSchemaValidator.Verdict verdict = MIGRATIONS.validateCreate(migration("""
        strategy: BlueGreen
        blueGreen:
          replicaIdentityFull: [shop.public.audit_log]
        """));
    assertThat(verdict.messages()).isEmpty();
    Map<String, Object> options = SchemaNode.asMap(SchemaNode.asMap(verdict.resource().get("spec")).get("blueGreen"));
    assertThat(options).containsEntry("switchoverTimeoutSeconds", 300L).containsEntry("maxReplicationLagSeconds", 10L);

    for (int accepted : new int[] {30, 3600}) {
      assertThat(MIGRATIONS.validateCreate(migration("blueGreen:\n  switchoverTimeoutSeconds: " + accepted)).messages())
          .as("timeout %d", accepted).isEmpty();
    }
    for (int refused : new int[] {29, 3601}) {
      assertThat(MIGRATIONS.validateCreate(migration("blueGreen:\n  switchoverTimeoutSeconds: " + refused)).messages())
          .as("timeout %d", refused).singleElement().asString().contains("spec.blueGreen.switchoverTimeoutSeconds");
    }
    assertThat(MIGRATIONS.validateCreate(migration("blueGreen:\n  conversionInstanceClass: r6g.large")).messages())
        .singleElement().asString().contains("spec.blueGreen.conversionInstanceClass");
    assertThat(MIGRATIONS.validateCreate(migration("blueGreen:\n  replicaIdentityFull: [public.audit_log]")).messages())
        .singleElement().asString().contains("each entry is database.schema.table");
  }
}
