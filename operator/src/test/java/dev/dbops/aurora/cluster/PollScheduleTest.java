package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  /** Wall clock in epoch millis, 0.3 s past a whole second. */
  final AtomicLong now = new AtomicLong(1_700_000_000_300L);
  final PollSchedule polls = new PollSchedule(ClusterTimings.standard(Duration.ofMinutes(5)), now::get);
  final InMemoryRds rds = new InMemoryRds(0);

  @Test
  void aTransitionThisProcessStartedIsReReadOnEveryTickUntilItSettles() {
    assertThat(polls.afterWrite("uid")).isEqualTo(Duration.ofMillis(200));
    // Ten minutes of AWS work (a realistic create): never a wait longer than the 0.5 s tick, each look a re-read.
    for (int tick = 1; tick <= 1200; tick++) {
      now.set(1_700_000_000_000L + tick * 500L + 5);
      assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofMillis(495));
    }
    assertThat(rds.calls("refresh")).hasSize(1200);
    polls.settled("uid");
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofSeconds(15));
    assertThat(rds.calls("refresh")).hasSize(1200);
  }

  @Test
  void everyClusterInTransitionLooksAtTheSameInstantSoOneBatchAnswersThem() {
    polls.afterWrite("a");
    now.addAndGet(420);
    polls.afterWrite("b");
    now.addAndGet(130);
    long tickA = now.get() + polls.whileWaiting("a", rds, "a-db").toMillis();
    long tickB = now.get() + polls.whileWaiting("b", rds, "b-db").toMillis();
    assertThat(tickA).isEqualTo(tickB).isEqualTo(1_700_000_001_000L);
  }

  @Test
  void theTickGrowsWithTheClustersInTransition() {
    polls.afterWrite("uid-0");
    assertThat(polls.tick()).isEqualTo(Duration.ofMillis(500));
    for (int i = 1; i < PollSchedule.CLUSTERS_PER_UNIT; i++) {
      polls.afterWrite("uid-" + i);
    }
    assertThat(polls.tick()).isEqualTo(Duration.ofMillis(500));
    polls.afterWrite("one-more");
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(1));
    for (int i = 0; i < 1000 - PollSchedule.CLUSTERS_PER_UNIT - 1; i++) {
      polls.afterWrite("fleet-" + i);
    }
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(10));
    polls.settled("one-more");
    for (int i = 0; i < 1000 - PollSchedule.CLUSTERS_PER_UNIT - 1; i++) {
      polls.settled("fleet-" + i);
    }
    assertThat(polls.tick()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theDescribesPerSecondStayBoundedAtAnyFleetSize() {
    // Each tick, one describe pair per started batch of clusters in transition.
    for (int n = 1; n <= 2_000; n++) {
      polls.afterWrite("uid-" + n);
      double perSecond = 2.0 * Math.ceil(n / (double) PollSchedule.BATCH) / (polls.tick().toMillis() / 1000.0);
      assertThat(perSecond).as("describes/s with %d in transition", n).isLessThanOrEqualTo(n < 100 ? 4.0 : 2.7);
      if (n % PollSchedule.BATCH == 0) {
        assertThat(perSecond).as("describes/s with %d in transition", n).isEqualTo(2.0);
      }
    }
  }

  @Test
  void aLookJustBeforeATickWaitsForTheNextOneInsteadOfLookingTwice() {
    polls.afterWrite("uid");
    now.set(1_700_000_001_990L);
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofMillis(510));
  }

  @Test
  void withoutAWriteOfThisProcessAWaitReadsTheInventoryAtThePollInterval() {
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofSeconds(15));
    assertThat(rds.calls("refresh")).isEmpty();
  }

  @Test
  void aTransitionPastTheLimitFallsBackToTheInventoryAtThePollInterval() {
    polls.afterWrite("uid");
    now.addAndGet(PollSchedule.TRANSITION_LIMIT.toMillis());
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofSeconds(15));
    assertThat(rds.calls("refresh")).isEmpty();
    assertThat(polls.tick()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aShorterPollIntervalShortensTheTick() {
    PollSchedule fast = new PollSchedule(
        new ClusterTimings(Duration.ofMillis(150), Duration.ofSeconds(2), Duration.ofMillis(200),
            Duration.ofSeconds(2), Duration.ofMinutes(10)), now::get);
    fast.afterWrite("uid");
    assertThat(fast.tick()).isEqualTo(Duration.ofMillis(150));
  }
}
