package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterTimingsTest {
  final ClusterTimings timings = ClusterTimings.standard(Duration.ofSeconds(30));

  @Test
  void everyClusterResyncsAtTheSameInstantOfTheInterval() {
    // Ready at 91 s and at 104 s: both look again at 120 s, so one listing answers both.
    assertThat(91_000 + timings.untilNextResync(91_000).toMillis()).isEqualTo(120_000);
    assertThat(104_000 + timings.untilNextResync(104_000).toMillis()).isEqualTo(120_000);
  }

  @Test
  void theNextResyncIsAtLeastHalfAnIntervalAway() {
    // Just before a boundary: the one after it, so a cluster is never looked at twice in a moment.
    assertThat(timings.untilNextResync(119_000)).isEqualTo(Duration.ofSeconds(31));
    assertThat(timings.untilNextResync(120_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theTickAfterAWriteIsHalfASecondUnlessPollingIsFasterStill() {
    assertThat(timings.tickUnit()).isEqualTo(Duration.ofMillis(500));
    assertThat(RunningOperator.FAST.tickUnit()).isEqualTo(RunningOperator.FAST.poll());
  }
}
