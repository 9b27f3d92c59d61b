package dev.dbops.aurora.crd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Where the example resources live: examples/ of the repository and this module's fixtures. */
final class Examples {

  static final String API_VERSION = "aurora.dbops.dev/v1alpha1";

  private Examples() {}

  /** examples/ of the repository: system property examples.dir, else ../examples. */
  static Path examplesDir() {
    return Path.of(System.getProperty("examples.dir", "../examples"));
  }

  static Path invalidDir() {
    return examplesDir().resolve("invalid");
  }

  static Path updatesDir() {
    return invalidDir().resolve("updates");
  }

  /** Valid fixtures of this module, so the acceptance test means something without examples/. */
  static Path validFixturesDir() {
    try {
      return Path.of(Objects.requireNonNull(Examples.class.getResource("/crd/valid")).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The *.yaml files directly in {@code dir} (not in sub-folders), sorted; none if it is missing. */
  static List<Path> yamlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The refused-change pairs: every {@code <name>.new.yaml} with its {@code <name>.old.yaml}. */
  static List<UpdatePair> updatePairs() {
    return yamlFiles(updatesDir()).stream()
        .filter(f -> f.getFileName().toString().endsWith(".new.yaml"))
        .map(f -> new UpdatePair(f.resolveSibling(f.getFileName().toString().replace(".new.yaml", ".old.yaml")), f))
        .toList();
  }

  record UpdatePair(Path oldFile, Path newFile) {
    @Override
    public String toString() {
      return newFile.getFileName().toString().replace(".new.yaml", "");
    }
  }
}
