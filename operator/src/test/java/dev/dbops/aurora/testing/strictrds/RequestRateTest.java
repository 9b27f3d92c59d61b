package dev.dbops.aurora.testing.strictrds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void aBurstPassesThenTheSustainedRateAndARefusedRequestTakesNoToken() {
    RequestRate rate = new RequestRate(new Settings.RateLimit(3, 2), nanos::get);

    assertThat(rate.admit()).isTrue();
    assertThat(rate.admit()).isTrue();
    assertThat(rate.admit()).isTrue();
    assertThat(rate.admit()).isFalse();
    assertThat(rate.admit()).isFalse();

    nanos.addAndGet(500_000_000L); // half a second at 2 per second: one token
    assertThat(rate.admit()).isTrue();
    assertThat(rate.admit()).isFalse();

    nanos.addAndGet(60_000_000_000L); // a long pause refills to the burst, not beyond
    int admitted = 0;
    while (rate.admit()) {
      admitted++;
    }
    assertThat(admitted).isEqualTo(3);
  }

  @Test
  void noLimitAdmitsEverything() {
    RequestRate rate = new RequestRate(Settings.RateLimit.none(), nanos::get);
    for (int i = 0; i < 10_000; i++) {
      assertThat(rate.admit()).isTrue();
    }
  }
}
