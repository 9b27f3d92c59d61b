package dev.dbops.aurora.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changes the CRDs forbid after creation, and changes they still allow. */
class UpdateRulesTest {

  private static final CrdSchemaValidator CLUSTERS = CrdSchemaValidator.forKind("DatabaseCluster");
  private static final CrdSchemaValidator MIGRATIONS = CrdSchemaValidator.forKind("AuroraMigration");

  private static Map<String, Object> cluster(String identifier, String extra, double maxCapacity) {
    return YamlTrees.parse("""
        apiVersion: aurora.dbops.dev/v1alpha1
        kind: DatabaseCluster
        metadata:
          name: orders
        spec:
          clusterIdentifier: %s
          engineVersion: "15.10"
          scaling:
            maxCapacity: %s
          masterCredentials:
            manageMasterUserPassword: true
        """.formatted(identifier, maxCapacity) + extra.indent(2));
  }

  private static Map<String, Object> migration(String sourceIdentifier, String extra) {
    return YamlTrees.parse("""
        apiVersion: aurora.dbops.dev/v1alpha1
        kind: AuroraMigration
        metadata:
          name: orders-to-v2
        spec:
          source:
            clusterIdentifier: %s
            username: migrator
            passwordSecretRef:
              name: orders-migrator
          target:
            scaling:
              maxCapacity: 8
        """.formatted(sourceIdentifier) + extra.indent(2));
  }

  @Test
  void changingClusterIdentifierOfADatabaseClusterIsRefused() {
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateUpdate(cluster("orders", "", 4), cluster("orders-new", "", 4));

    assertThat(verdict.messages())
        .containsExactly("spec.clusterIdentifier: Invalid value: \"orders-new\": clusterIdentifier is immutable");
  }

  @Test
  void changingCapacityOfADatabaseClusterIsAccepted() {
    assertThat(CLUSTERS.validateUpdate(cluster("orders", "", 4), cluster("orders", "", 16)).messages()).isEmpty();
  }

  @Test
  void removingRestoreFromSnapshotIsRefused() {
    String restore = "restoreFromSnapshot:\n  snapshotIdentifier: orders-final\n";

    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateUpdate(cluster("orders", restore, 4), cluster("orders", "", 4));

    assertThat(verdict.messages())
        .containsExactly("spec: Invalid value: restoreFromSnapshot cannot be added or removed after creation");
  }

  @Test
  void keepingRestoreFromSnapshotWhileScalingIsAccepted() {
    String restore = "restoreFromSnapshot:\n  snapshotIdentifier: orders-final\n";

    assertThat(CLUSTERS.validateUpdate(cluster("orders", restore, 4), cluster("orders", restore, 8)).messages()).isEmpty();
  }

  @Test
  void changingSourceClusterIdentifierOfAnAuroraMigrationIsRefused() {
    CrdSchemaValidator.Verdict verdict = MIGRATIONS.validateUpdate(migration("orders-v1", ""), migration("payments-v1", ""));

    assertThat(verdict.messages())
        .containsExactly("spec.source.clusterIdentifier: Invalid value: \"payments-v1\": source.clusterIdentifier is immutable");
  }

  @Test
  void approvingTheCutoverOfAnAuroraMigrationIsAccepted() {
    CrdSchemaValidator.Verdict verdict = MIGRATIONS.validateUpdate(
        migration("orders-v1", "cutover:\n  mode: Manual\n  approved: false\n"),
        migration("orders-v1", "cutover:\n  mode: Manual\n  approved: true\n"));

    assertThat(verdict.messages()).isEmpty();
  }
}
