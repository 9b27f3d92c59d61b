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
    assertThat(polls.afterWrite("uid")).isEqualTo(Duration.ofMillis(700));
    // Ten minutes of AWS work (a realistic create): never a wait longer than the 1 s tick, each look a re-read.
    for (int second = 1; second <= 600; second++) {
      now.set(1_700_000_000_000L + second * 1000L + 5);
      assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofMillis(995));
    }
    assertThat(rds.calls("refresh")).hasSize(600);
    polls.settled("uid");
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofSeconds(15));
    assertThat(rds.calls("refresh")).hasSize(600);
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
  void theTickGrowsBySecondPerStartedBatchSoTheDescribesPerSecondStayTheSame() {
    for (int i = 0; i < PollSchedule.BATCH; i++) {
      polls.afterWrite("uid-" + i);
    }
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(1));
    polls.afterWrite("one-more");
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 1000; i++) {
      polls.afterWrite("fleet-" + i);
    }
    // 1,101 clusters in transition: 12 batches, one describe pair per second on average.
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(12));
    polls.settled("one-more");
    for (int i = 0; i < 1000; i++) {
      polls.settled("fleet-" + i);
    }
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aLookJustBeforeATickWaitsForTheNextOneInsteadOfLookingTwice() {
    polls.afterWrite("uid");
    now.set(1_700_000_001_990L);
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofMillis(1010));
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
    assertThat(polls.tick()).isEqualTo(Duration.ofSeconds(1));
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
