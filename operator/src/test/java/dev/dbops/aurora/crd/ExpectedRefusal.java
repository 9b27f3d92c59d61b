package dev.dbops.aurora.crd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The refusal an example under examples/invalid/ announces in its first line,
 * {@code # expect: <substring of the API server's error>}.
 */
record ExpectedRefusal(String substring) {

  private static final Pattern HEADER = Pattern.compile("^#\\s*expect:\\s*(.+?)\\s*$");

  static Optional<ExpectedRefusal> of(Path file) {
    try {
      String first = Files.readAllLines(file).stream().findFirst().orElse("");
      Matcher m = HEADER.matcher(first);
      return m.matches() ? Optional.of(new ExpectedRefusal(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
