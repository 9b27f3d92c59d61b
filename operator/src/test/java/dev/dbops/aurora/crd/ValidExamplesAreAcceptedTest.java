package dev.dbops.aurora.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every resource in examples/*.yaml and in the module's valid fixtures passes the CRDs. */
class ValidExamplesAreAcceptedTest {

  static List<Path> validResources() {
    return Stream.concat(Examples.yamlFiles(Examples.examplesDir()).stream(),
        Examples.yamlFiles(Examples.validFixturesDir()).stream()).toList();
  }

  @Test
  void validFixturesCoverBothKinds() {
    List<String> kinds = Examples.yamlFiles(Examples.validFixturesDir()).stream()
        .map(f -> (String) YamlTrees.read(f).get("kind")).distinct().sorted().toList();
    assertThat(kinds).containsExactly("AuroraMigration", "DatabaseCluster");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validResources")
  void exampleIsAccepted(Path file) {
    // Example files may also hold plain Kubernetes objects (a Secret next to a cluster).
    List<Map<String, Object>> ours = YamlTrees.readAll(file).stream()
        .filter(doc -> Examples.API_VERSION.equals(doc.get("apiVersion")))
        .toList();
    assumeFalse(ours.isEmpty(), file + " holds no " + Examples.API_VERSION + " resource");

    for (Map<String, Object> resource : ours) {
      CrdSchemaValidator.Verdict verdict = CrdSchemaValidator.forKind((String) resource.get("kind")).validateCreate(resource);
      assertThat(verdict.messages()).as("errors of %s", file).isEmpty();
    }
  }
}
