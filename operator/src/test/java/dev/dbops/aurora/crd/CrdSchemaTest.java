package dev.dbops.aurora.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs in crds/ are ones an API server accepts: rules compile, patterns are RE2, defaults fit. */
class CrdSchemaTest {

  static List<Path> crdFiles() {
    return CrdSchemaValidator.crdFiles();
  }

  @Test
  void crdsDirHoldsBothKinds() {
    assertThat(crdFiles().stream().map(f -> CrdSchemaValidator.load(f).kind()).sorted())
        .containsExactly("AuroraMigration", "DatabaseCluster");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crdFiles")
  void everyRuleCompilesAndEveryPatternIsRe2(Path crd) {
    CrdSchemaValidator validator = CrdSchemaValidator.load(crd);

    assertThat(validator.rules()).isNotEmpty();
    assertThat(validator.crdProblems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crdFiles")
  void everyPatternCompilesWithRe2j(Path crd) {
    List<String> patterns = CrdSchemaValidator.load(crd).patterns();

    assertThat(patterns).isNotEmpty();
    assertThat(patterns).allSatisfy(p -> Pattern.compile(p.substring(p.indexOf(": ") + 2)));
  }

  @Test
  void lookaheadPatternIsACrdProblemAsItIsForGoRegexp() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
        type: object
        properties:
          name:
            type: string
            pattern: "^(?!-)[a-z-]+$"
        """);

    assertThat(validator.crdProblems()).singleElement().asString()
        .startsWith("spec.name: pattern '^(?!-)[a-z-]+$' is not RE2");
  }

  @Test
  void ruleNamingAnUnknownFieldIsACrdProblem() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
        type: object
        properties:
          maxCapacity:
            type: number
        x-kubernetes-validations:
          - rule: "self.maxCapacty > 0.0"
            message: typo
        """);

    assertThat(validator.crdProblems()).singleElement().asString()
        .contains("compilation failed").contains("undefined field 'maxCapacty'");
  }

  @Test
  void ruleComparingStringWithNumberIsACrdProblem() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
        type: object
        properties:
          maxCapacity:
            type: number
        x-kubernetes-validations:
          - rule: "self.maxCapacity == 'four'"
        """);

    assertThat(validator.crdProblems()).singleElement().asString().contains("compilation failed");
  }

  @Test
  void ruleThatIsNotBooleanIsACrdProblem() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
        type: object
        properties:
          maxCapacity:
            type: number
        x-kubernetes-validations:
          - rule: "self.maxCapacity * 2.0"
        """);

    assertThat(validator.crdProblems()).singleElement().asString().contains("rule must evaluate to a bool");
  }

  @Test
  void defaultOutsideItsEnumIsACrdProblem() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
        type: object
        properties:
          deletionPolicy:
            type: string
            enum: [Retain, Delete]
            default: Destroy
        """);

    assertThat(validator.crdProblems()).singleElement().asString()
        .contains("spec.deletionPolicy: default is invalid").contains("Unsupported value: \"Destroy\"");
  }

  @Test
  void untypedNodeIsACrdProblemBecauseTheSchemaMustBeStructural() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
        type: object
        properties:
          anything:
            description: no type
        """);

    assertThat(validator.crdProblems()).containsExactly("spec.anything: type is required in a structural schema");
  }

  @Test
  void transitionRuleBelowAListIsACrdProblem() {
    CrdSchemaValidator validator = TestCrds.withSpec("""
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
                    - rule: "self == oldSelf"
        """);

    assertThat(validator.crdProblems()).singleElement().asString()
        .startsWith("spec.parts[*].name.")
        .endsWith("oldSelf cannot be used on the uncorrelatable portion of the schema");
  }
}
