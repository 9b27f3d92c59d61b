package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsPollTest {
  private final MigrationTimings defaults = MigrationTimings.defaults();

  private Duration next(long waitedSeconds, Integer percent) {
    return AwsPoll.next(defaults, Duration.ofSeconds(waitedSeconds), percent);
  }

  @Test
  void looksSoonRightAfterTheWrite() {
    assertThat(next(0, null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(next(9, null)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void thenWaitsAShareOfTheTimeWaitedUpToTheLongestWait() {
    assertThat(next(300, null)).isEqualTo(Duration.ofSeconds(6)); // 2 % of 5 min
    assertThat(next(600, null)).isEqualTo(Duration.ofSeconds(12));
    assertThat(next(1800, null)).isEqualTo(Duration.ofSeconds(20)); // capped: awsPoll
    assertThat(next(60, null)).isEqualTo(Duration.ofSeconds(2)); // 1.2 s: not below the shortest
  }

  @Test
  void aSnapshotsPercentProgressBringsTheNextLookTowardsItsPredictedEnd() {
    // 60 s for 10 %: 540 s to go; half of it, capped at 20 s.
    assertThat(next(60, 10)).isEqualTo(Duration.ofSeconds(20));
    // 300 s for 98 %: about 6 s to go; half of it (3 s) is shorter than 2 % of 300 s (6 s): the share wins.
    assertThat(next(300, 98)).isEqualTo(Duration.ofSeconds(6));
    // 100 s for 90 %: 11 s to go, half 5.5 s.
    assertThat(next(100, 90)).isEqualTo(Duration.ofNanos(5_555_555_555L));
  }

  @Test
  void scaledTimingsScaleEveryWait() {
    MigrationTimings fast = defaults.scaled(0.01);
    assertThat(AwsPoll.next(fast, Duration.ofSeconds(3), null)).isEqualTo(Duration.ofMillis(60));
    assertThat(fast.awsPoll()).isEqualTo(Duration.ofMillis(200));
  }
}
