package dev.dbops.aurora.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One source schema of the preflight corpus ({@code src/test/resources/preflight-corpus/NN-name.sql}):
 * SQL that psql loads into a fresh PostgreSQL 13, and a header of comment lines that says what it holds
 * and how the case is set up.
 *
 * <p>Header lines with a meaning of their own:
 * <ul>
 *   <li>{@code -- pg_upgrade: refuses|accepts} what the author expects of the real pg_upgrade; the test
 *       fails when pg_upgrade disagrees, so a case cannot silently stop testing what it claims;
 *   <li>{@code -- false blocker: why} Preflight blocks a schema pg_upgrade accepts, on purpose;
 *   <li>{@code -- setting: name = value} appended to postgresql.conf before the server starts;
 *   <li>{@code -- databases: a, b} the migration's spec.source.databases (default: none given);
 *   <li>{@code -- orphan-session: SQL} run on a session that is still open when the server crashes.
 * </ul>
 */
record CorpusCase(
    String name,
    Path file,
    String description,
    boolean refusalExpected,
    Optional<String> falseBlockerReason,
    List<String> settings,
    List<String> specDatabases,
    List<String> orphanSession) {

  static final String DIRECTORY = "preflight-corpus";

  static List<CorpusCase> all() {
    try (Stream<Path> files = Files.list(Path.of(CorpusCase.class.getClassLoader().getResource(DIRECTORY).toURI()))) {
      // -Dpreflight.corpus.cases=REGEX runs only the matching cases, e.g. while writing a check.
      Pattern only = Pattern.compile(System.getProperty("preflight.corpus.cases", ""));
      return files.filter(f -> f.toString().endsWith(".sql"))
          .filter(f -> only.matcher(f.getFileName().toString()).find())
          .sorted().map(CorpusCase::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static CorpusCase read(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
    List<String> description = new ArrayList<>();
    Boolean refuses = null;
    Optional<String> falseBlocker = Optional.empty();
    List<String> settings = new ArrayList<>();
    List<String> databases = new ArrayList<>();
    List<String> orphan = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.startsWith("--")) {
          break;
        }
        String text = line.substring(2).trim();
        if (text.startsWith("pg_upgrade:")) {
          String verdict = value(text);
          if (!verdict.equals("refuses") && !verdict.equals("accepts")) {
            throw new IllegalArgumentException(file + ": pg_upgrade: must be refuses or accepts, not " + verdict);
          }
          refuses = verdict.equals("refuses");
        } else if (text.startsWith("false blocker:")) {
          falseBlocker = Optional.of(value(text));
        } else if (text.startsWith("setting:")) {
          settings.add(value(text));
        } else if (text.startsWith("databases:")) {
          Arrays.stream(value(text).split(",")).map(String::trim).forEach(databases::add);
        } else if (text.startsWith("orphan-session:")) {
          orphan.add(value(text));
        } else {
          description.add(text);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (refuses == null || description.isEmpty()) {
      throw new IllegalArgumentException(file + " needs a header: what it holds, and a pg_upgrade: line");
    }
    return new CorpusCase(name, file, String.join(" ", description), refuses, falseBlocker, settings, databases, orphan);
  }

  private static String value(String headerLine) {
    return headerLine.substring(headerLine.indexOf(':') + 1).trim();
  }
}
