package dev.dbops.aurora.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md is rendered from crds/. This test fails when the committed file differs from a fresh
 * rendering, and rewrites it when run with -Dupdate-docs=true.
 */
class ReferenceDocsAreCurrentTest {

  private static final Path CRDS = Path.of(System.getProperty("crds.dir", "../crds"));
  private static final Path REFERENCE = CRDS.toAbsolutePath().normalize().getParent().resolve("docs/reference.md");
  private static final String HOW_TO_UPDATE =
      "run: mvn -pl operator test -Dtest=ReferenceDocsAreCurrentTest -Dupdate-docs=true and commit the result";

  @Test
  void referenceMatchesTheCrds() throws IOException {
    String rendered = CrdReferenceRenderer.render(CRDS);
    if (Boolean.getBoolean("update-docs")) {
      Files.createDirectories(REFERENCE.getParent());
      Files.writeString(REFERENCE, rendered);
    }
    assertThat(REFERENCE).as("%s is missing; %s", REFERENCE, HOW_TO_UPDATE).exists();
    String committed = Files.readString(REFERENCE);
    if (!committed.equals(rendered)) {
      fail("%s is out of date with crds/ (first difference at line %d); %s",
          REFERENCE, firstDifferingLine(committed, rendered), HOW_TO_UPDATE);
    }
  }

  private static int firstDifferingLine(String a, String b) {
    List<String> left = a.lines().toList();
    List<String> right = b.lines().toList();
    int line = 0;
    while (line < left.size() && line < right.size() && left.get(line).equals(right.get(line))) {
      line++;
    }
    return line + 1;
  }
}
