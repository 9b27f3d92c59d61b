package dev.dbops.aurora.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** CrdSchemaValidator behaves like the API server in the ways the CRDs of this project rely on. */
class CrdSchemaValidatorTest {

  private static final CrdSchemaValidator CLUSTERS = CrdSchemaValidator.forKind("DatabaseCluster");

  private static Map<String, Object> cluster(String spec) {
    return YamlTrees.parse("""
        apiVersion: aurora.dbops.dev/v1alpha1
        kind: DatabaseCluster
        metadata:
          name: orders
        spec:
        """ + spec.indent(2));
  }

  private static final String CREDS = """
      masterCredentials:
        passwordSecretRef:
          name: orders-master
      """;

  @Test
  void defaultsAreFilledInBeforeValidation() {
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          maxCapacity: 4
        """ + CREDS));

    assertThat(verdict.messages()).isEmpty();
    Map<String, Object> spec = SchemaNode.asMap(verdict.resource().get("spec"));
    assertThat(spec).containsEntry("deletionPolicy", "Retain").containsEntry("engine", "aurora-postgresql");
    assertThat(SchemaNode.asMap(spec.get("scaling"))).containsEntry("minCapacity", 0.5);
    assertThat(SchemaNode.asMap(SchemaNode.asMap(spec.get("masterCredentials")).get("passwordSecretRef")))
        .containsEntry("key", "password");
  }

  @Test
  void ruleSeesTheDefaultedValue() {
    // The auto-pause rule reads minCapacity, which is present here only through its default (0.5).
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          maxCapacity: 4
          secondsUntilAutoPause: 300
        """ + CREDS));

    assertThat(verdict.messages()).containsExactly(
        "spec.scaling: Invalid value: secondsUntilAutoPause applies only when minCapacity is 0 (auto-pause)");
  }

  @Test
  void unknownFieldsArePrunedNotRefused() {
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        color: blue
        scaling:
          maxCapacity: 4
          turbo: true
        """ + CREDS));

    assertThat(verdict.messages()).isEmpty();
    Map<String, Object> spec = SchemaNode.asMap(verdict.resource().get("spec"));
    assertThat(spec).doesNotContainKey("color");
    assertThat(SchemaNode.asMap(spec.get("scaling"))).doesNotContainKey("turbo");
  }

  @Test
  void wholeNumberInANumberFieldIsADoubleToCel() {
    // "self * 2.0" has no int * double overload: bound as int, the rule would fail to evaluate.
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          minCapacity: 1
          maxCapacity: 4
        """ + CREDS));

    assertThat(verdict.messages()).isEmpty();
  }

  @Test
  void fractionInAnIntegerFieldIsATypeError() {
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          maxCapacity: 4
        backup:
          retentionDays: 7.5
        """ + CREDS));

    assertThat(verdict.messages()).contains(
        "spec.backup.retentionDays: Invalid value: \"number\": spec.backup.retentionDays in body must be of type integer: \"number\"");
  }

  @Test
  void blockingSchemaErrorStopsTheRulesFromRunning() {
    // An enum violation is blocking for the API server; min > max would otherwise be reported too.
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        deletionPolicy: Destroy
        scaling:
          minCapacity: 8
          maxCapacity: 4
        """ + CREDS));

    assertThat(verdict.messages()).noneMatch(m -> m.contains("minCapacity must not be greater"));
    assertThat(verdict.messages()).anyMatch(m -> m.contains("some validation rules were not checked"));
  }

  @Test
  void rangeErrorDoesNotStopTheRules() {
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          minCapacity: 300
          maxCapacity: 256
        """ + CREDS));

    assertThat(verdict.messages()).containsExactly(
        "spec.scaling.minCapacity: Invalid value: 300: spec.scaling.minCapacity in body should be less than or equal to 256",
        "spec.scaling: Invalid value: minCapacity must not be greater than maxCapacity");
  }

  @Test
  void transitionRulesDoNotRunOnCreate() {
    // clusterIdentifier and restoreFromSnapshot carry "self == oldSelf"; there is no oldSelf on create.
    CrdSchemaValidator.Verdict verdict = CLUSTERS.validateCreate(cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        restoreFromSnapshot:
          snapshotIdentifier: orders-final
        scaling:
          maxCapacity: 4
        """));

    assertThat(verdict.messages()).isEmpty();
  }

  @Test
  void transitionRuleDoesNotRunWhenTheOldValueIsAbsent() {
    Map<String, Object> before = cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          maxCapacity: 4
        """ + CREDS);
    Map<String, Object> after = cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        restoreFromSnapshot:
          snapshotIdentifier: orders-final
        scaling:
          maxCapacity: 4
        """ + CREDS);

    // The field's own "self == oldSelf" rule has no old value to compare with and does not run; adding
    // the field is caught by the spec-level rule that compares has(oldSelf…) with has(self…).
    assertThat(CLUSTERS.validateUpdate(before, after).messages())
        .containsExactly("spec: Invalid value: restoreFromSnapshot cannot be added or removed after creation");
  }

  @Test
  void missingMetadataNameIsRefused() {
    Map<String, Object> resource = cluster("""
        clusterIdentifier: orders
        engineVersion: "15.10"
        scaling:
          maxCapacity: 4
        """ + CREDS);
    SchemaNode.asMap(resource.get("metadata")).remove("name");

    assertThat(CLUSTERS.validateCreate(resource).messages())
        .containsExactly("metadata.name: Required value: name or generateName is required");
  }

  @Test
  void ruleWithoutMessageReportsTheRuleItself() {
    CrdSchemaValidator widgets = TestCrds.withSpec("""
        type: object
        properties:
          size:
            type: integer
        x-kubernetes-validations:
          - rule: "self.size < 10"
        """);

    assertThat(widgets.validateCreate(TestCrds.widget("size: 12")).messages())
        .containsExactly("spec: Invalid value: failed rule: self.size < 10");
  }

  @Test
  void ruleOnListItemsReportsTheItemIndex() {
    CrdSchemaValidator widgets = TestCrds.withSpec("""
        type: object
        properties:
          parts:
            type: array
            items:
              type: object
              properties:
                name:
                  type: string
              x-kubernetes-validations:
                - rule: "self.name != 'bad'"
                  message: no bad parts
        """);

    assertThat(widgets.validateCreate(TestCrds.widget("parts: [{name: good}, {name: bad}]")).messages())
        .containsExactly("spec.parts[1]: Invalid value: no bad parts");
  }

  @Test
  void ruleReadingAnAbsentOptionalFieldIsAnEvaluationError() {
    CrdSchemaValidator widgets = TestCrds.withSpec("""
        type: object
        properties:
          size:
            type: integer
          limit:
            type: integer
        x-kubernetes-validations:
          - rule: "self.size <= self.limit"
            message: size over limit
        """);

    assertThat(widgets.validateCreate(TestCrds.widget("size: 3")).messages()).singleElement().asString()
        .startsWith("spec: Invalid value: ")
        .endsWith("evaluating rule: size over limit");
  }

  @Test
  void mapValuesAreValidatedWithTheKeyInThePath() {
    CrdSchemaValidator widgets = TestCrds.withSpec("""
        type: object
        properties:
          tags:
            type: object
            additionalProperties:
              type: string
              maxLength: 3
        """);

    assertThat(widgets.validateCreate(TestCrds.widget("tags: {team: payments}")).messages())
        .containsExactly("spec.tags[team]: Too long: may not be more than 3 bytes",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
  }

  @Test
  void doubleFieldComparesWithAnIntLiteralAsInKubernetes() {
    // Kubernetes enables cross-type numeric comparisons, so "<" between double and int compiles.
    CrdSchemaValidator widgets = TestCrds.withSpec("""
        type: object
        properties:
          capacity:
            type: number
        x-kubernetes-validations:
          - rule: "self.capacity < 10"
            message: too big
        """);

    assertThat(widgets.crdProblems()).isEmpty();
    assertThat(widgets.validateCreate(TestCrds.widget("capacity: 9.5")).messages()).isEmpty();
    assertThat(widgets.validateCreate(TestCrds.widget("capacity: 10")).messages())
        .containsExactly("spec: Invalid value: too big");
  }
}
