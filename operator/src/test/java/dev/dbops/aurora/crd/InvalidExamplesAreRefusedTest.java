package dev.dbops.aurora.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** examples/invalid/ is refused as a real API server would, with the message each file announces. */
class InvalidExamplesAreRefusedTest {

  static List<Path> invalidExamples() {
    return Examples.yamlFiles(Examples.invalidDir());
  }

  static List<Examples.UpdatePair> refusedUpdates() {
    return Examples.updatePairs();
  }

  @Test
  void invalidExamplesExistForBothKinds() {
    // Guards against a moved folder making the parameterized tests below vacuous.
    List<String> kinds = invalidExamples().stream().map(f -> (String) YamlTrees.read(f).get("kind")).distinct().sorted().toList();
    assertThat(kinds).containsExactly("AuroraMigration", "DatabaseCluster");
    assertThat(invalidExamples()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(refusedUpdates()).hasSizeGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleIsRefusedWithTheMessageInItsHeader(Path file) {
    String expected = ExpectedRefusal.of(file)
        .orElseThrow(() -> new AssertionError(file + " lacks a first line '# expect: <message>'"))
        .substring();
    Map<String, Object> resource = YamlTrees.read(file);
    assertThat(resource.get("apiVersion")).isEqualTo(Examples.API_VERSION);
    assertThat(resource).containsKey("metadata");

    CrdSchemaValidator.Verdict verdict = CrdSchemaValidator.forKind((String) resource.get("kind")).validateCreate(resource);

    assertThat(verdict.accepted()).as("%s is accepted", file).isFalse();
    assertThat(verdict.messages()).as("errors of %s", file).anySatisfy(m -> assertThat(m).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedUpdates")
  void refusedChangeIsRefusedOnlyAsAChange(Examples.UpdatePair pair) {
    String expected = ExpectedRefusal.of(pair.newFile())
        .orElseThrow(() -> new AssertionError(pair.newFile() + " lacks a first line '# expect: <message>'"))
        .substring();
    Map<String, Object> oldResource = YamlTrees.read(pair.oldFile());
    Map<String, Object> newResource = YamlTrees.read(pair.newFile());
    CrdSchemaValidator validator = CrdSchemaValidator.forKind((String) newResource.get("kind"));
    assertThat(newResource.get("metadata")).isEqualTo(oldResource.get("metadata"));

    // Both states are fine on their own; only going from one to the other is refused.
    assertThat(validator.validateCreate(oldResource).messages()).as("old state").isEmpty();
    assertThat(validator.validateCreate(newResource).messages()).as("new state on create").isEmpty();
    CrdSchemaValidator.Verdict update = validator.validateUpdate(oldResource, newResource);

    assertThat(update.messages()).anySatisfy(m -> assertThat(m).contains(expected));
  }
}
