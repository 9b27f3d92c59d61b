package dev.dbops.aurora.migration.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerificationEstimateTest {

  @Test
  void sourceBytesOverRateTimesWorkersRoundedUp() {
    long tenGiB = 10L << 30;
    // 10,240 MiB / (50 MiB/s × 4) = 51.2 s
    assertThat(VerificationEstimate.expected(tenGiB, 50, 4)).isEqualTo(Duration.ofSeconds(52));
    assertThat(VerificationEstimate.expected(tenGiB, 50, 1)).isEqualTo(Duration.ofSeconds(205));
    assertThat(VerificationEstimate.expected(100L << 30, 50, 8)).isEqualTo(Duration.ofSeconds(256));
    assertThat(VerificationEstimate.expected(0, 50, 4)).isEqualTo(Duration.ZERO);
  }
}
