package dev.dbops.aurora.testing.strictrds;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * StrictRds's transitions as lines of a file, written as each begins:
 * {@code KIND ID STATUS START_EPOCH_MILLIS UNTIL_EPOCH_MILLIS}, e.g.
 * {@code INSTANCE fleet-db-0001-1 creating 1764672000000 1764672002000}. bench/fleet.sh reads from it when
 * the stand-in finished the last create, so time to Ready is reported after the AWS side answered too.
 * Flushed per line: the reader runs while StrictRds does.
 */
final class TimelineFile implements Consumer<Timeline.Transition> {
  private final BufferedWriter out;

  TimelineFile(Path path) {
    try {
      out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void accept(Timeline.Transition t) {
    try {
      out.write(line(t));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String line(Timeline.Transition t) {
    return String.join(" ", t.kind(), t.id(), t.status(), String.valueOf(t.start().toEpochMilli()),
        String.valueOf(t.until().toEpochMilli()));
  }
}
