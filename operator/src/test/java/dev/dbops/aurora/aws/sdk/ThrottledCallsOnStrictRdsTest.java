package dev.dbops.aurora.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.strictrds.FaultCounts;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRdsOnMoto;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The operator's RDS client when the account's request rate is the limit, as it is while a fleet is created:
 * StrictRds answers Throttling from one token bucket for all calls, as RDS does (here a burst of 5 and RDS's
 * order of magnitude, 10 a second), and the reconcile threads all call at once.
 *
 * <p>With the SDK's standard strategy, the same load met about one Throttling answer per call (147–159 for 150
 * calls in four runs), and up to 2 calls failed back to the caller with all 5 attempts throttled; at
 * 1,000 clusters that was 884 creates sent back to the reconciler, whose per-resource back-off of up to minutes
 * then set when the fleet's last create was made. The adaptive strategy paces the attempts instead (10–12).
 */
@ExtendWith(MotoServer.class)
class ThrottledCallsOnStrictRdsTest {
  static final int THREADS = 10; // the default reconcile concurrency
  static final int CALLS = 150;

  @Test
  void callsBeyondTheAccountsRateArePacedAndAllAnswered() throws Exception {
    Settings throttled = Settings.instant().withRateLimit(new Settings.RateLimit(5, 10));
    List<Throwable> failures = new ArrayList<>();
    FaultCounts seen;
    try (StrictRdsOnMoto aws = StrictRdsOnMoto.start(throttled, SdkAwsRegions.DEFAULT_PAGE_SIZE, 5);
        RdsClient rds = aws.regions().configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
          calls.add(threads.submit(() -> rds.describeDBClusters()));
        }
        for (Future<?> call : calls) {
          try {
            call.get();
          } catch (ExecutionException e) {
            failures.add(e.getCause());
          }
        }
      } finally {
        threads.shutdownNow();
      }
      seen = aws.strict().counts();
    }

    assertThat(failures).as("calls that failed back to the caller").isEmpty();
    assertThat(seen.injected("Throttling")).as("the rate was the limit: " + seen).isPositive();
    assertThat(seen.injected("Throttling")).as("Throttling answers for %d calls: %s", CALLS, seen)
        .isLessThanOrEqualTo(CALLS / 5);
  }
}
