package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.cluster.FailureHold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureBackoffTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  final FailureBackoff backoff =
      new FailureBackoff(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10), clock);

  @Test
  void retryableWaitDoublesUpToTheCap() {
    assertThat(backoff.retryable("uid", 1)).hasSeconds(5);
    assertThat(backoff.retryable("uid", 1)).hasSeconds(10);
    assertThat(backoff.retryable("uid", 1)).hasSeconds(20);
    assertThat(backoff.retryable("uid", 1)).hasSeconds(30);
    assertThat(backoff.retryable("uid", 1)).hasSeconds(30);
  }

  @Test
  void newGenerationStartsBackoffAfresh() {
    backoff.retryable("uid", 1);
    backoff.retryable("uid", 1);

    assertThat(backoff.retryable("uid", 2)).hasSeconds(5);
  }

  @Test
  void terminalFailureHoldsTheSameGenerationOnly() {
    FailureHold hold = backoff.terminal("uid", 3);

    assertThat(hold.getUntil()).isEqualTo("2026-01-01T00:10:00Z");
    assertThat(backoff.remainingHold(hold, 3)).contains(Duration.ofMinutes(10));
    assertThat(backoff.remainingHold(hold, 4)).isEmpty();
    assertThat(backoff.remainingHold(null, 3)).isEmpty();
  }

  @Test
  void holdEndsWhenItsTimeHasPassed() {
    FailureHold hold = backoff.terminal("uid", 3);
    FailureBackoff later = new FailureBackoff(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10),
        Clock.offset(clock, Duration.ofMinutes(10)));

    assertThat(later.remainingHold(hold, 3)).isEmpty();
  }

  @Test
  void holdInStatusIsNeverLongerThanTheConfiguredOne() {
    assertThat(backoff.remainingHold(new FailureHold(3, "2099-01-01T00:00:00Z"), 3)).contains(Duration.ofMinutes(10));
    assertThat(backoff.remainingHold(new FailureHold(3, "not a time"), 3)).isEmpty();
  }
}
