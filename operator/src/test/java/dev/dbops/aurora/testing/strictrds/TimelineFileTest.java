package dev.dbops.aurora.testing.strictrds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineFileTest {
  @TempDir Path dir;

  @Test
  void writesEachTransitionWithItsEndAsItBegins() throws Exception {
    Instant start = Instant.parse("2026-12-02T10:00:00Z");
    StateClock clock = new StateClock(Clock.fixed(start, ZoneOffset.UTC));
    Path file = dir.resolve("timeline");
    clock.timeline().alsoTo(new TimelineFile(file));

    clock.begin(StateClock.Kind.CLUSTER, "fleet-db-0001", "creating", Duration.ofSeconds(2), null);
    clock.begin(StateClock.Kind.INSTANCE, "fleet-db-0001-1", "creating", Duration.ofMillis(2500), null);
    clock.begin(StateClock.Kind.INSTANCE, "instant", "creating", Duration.ZERO, null); // no transition, no line

    long s = start.toEpochMilli();
    assertThat(Files.readAllLines(file)).containsExactly(
        "CLUSTER fleet-db-0001 creating " + s + " " + (s + 2000),
        "INSTANCE fleet-db-0001-1 creating " + s + " " + (s + 2500));
  }
}
