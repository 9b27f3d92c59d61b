package dev.dbops.aurora.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs in crds/ and in the Helm chart are generated from the Java model during the build. They are
 * committed so users can apply them without building; this test fails the build when a model change was
 * not followed by {@code mvn -Pupdate-crds process-classes}.
 */
class CommittedCrdsMatchModelTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path REPO = Path.of(System.getProperty("crds.dir", "../crds")).getParent();

  static Stream<Arguments> committedCopies() {
    return Stream.of("databaseclusters", "auroramigrations")
        .flatMap(
            plural -> {
              String file = plural + ".aurora.dbops.dev-v1.yml";
              return Stream.of(
                  Arguments.of(file, REPO.resolve("crds").resolve(file)),
                  Arguments.of(file, REPO.resolve("helm/aurora-operator/crds").resolve(file)));
            });
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("committedCopies")
  void committedCrdEqualsGeneratedOne(String file, Path committed) throws IOException {
    String generated = Files.readString(GENERATED.resolve(file));
    assertThat(committed)
        .as("%s is missing; run: mvn -Pupdate-crds process-classes", committed)
        .exists();
    assertThat(Files.readString(committed))
        .as("%s differs from the model; run: mvn -Pupdate-crds process-classes and commit the result", committed)
        .isEqualTo(generated);
  }
}
