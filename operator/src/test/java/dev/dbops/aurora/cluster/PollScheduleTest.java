package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  final PollSchedule polls = new PollSchedule(ClusterTimings.standard(Duration.ofMinutes(5)));
  final InMemoryRds rds = new InMemoryRds(0);

  @Test
  void afterAWriteLooksSoonThenBacksOffAndOnlyTheFastLooksReadAws() {
    List<Duration> waits = new ArrayList<>();
    waits.add(polls.afterWrite("uid"));
    for (int i = 0; i < 6; i++) {
      waits.add(polls.whileWaiting("uid", rds, "orders-db"));
    }
    assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 15L, 15L, 15L);
    // 2, 4 and 8 s asked for a targeted re-read; the 15 s looks read the shared inventory.
    assertThat(rds.calls("refresh")).hasSize(3);
  }

  @Test
  void withoutAWriteOfThisProcessAWaitReadsTheInventoryAtThePollInterval() {
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofSeconds(15));
    assertThat(rds.calls("refresh")).isEmpty();
  }

  @Test
  void aWriteStartsTheFastLooksAgain() {
    polls.afterWrite("uid");
    polls.whileWaiting("uid", rds, "orders-db");
    assertThat(polls.afterWrite("uid")).isEqualTo(Duration.ofSeconds(1));
    assertThat(polls.whileWaiting("uid", rds, "orders-db")).isEqualTo(Duration.ofSeconds(2));
  }
}
