package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.Capacity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServerlessV2SupportTest {

  @ParameterizedTest(name = "{0} takes {1}–{2} ACU")
  @CsvSource({
      "13.12, 0.5, 128",
      "13.14, 0.5, 256",
      "13.15, 0, 256",
      "14.11, 0.5, 256",
      "14.12, 0, 256",
      "15.4, 0.5, 128",
      "15.6, 0.5, 256",
      "15.7, 0, 256",
      "15.10, 0, 256",
      "16.1, 0.5, 128",
      "16.2, 0.5, 256",
      "16.3, 0, 256",
      "17.4, 0, 256"
  })
  void capacityRangeDependsOnTheEngineVersion(String version, double min, double max) {
    assertThat(ServerlessV2Support.minCapacity(version)).isEqualTo(min);
    assertThat(ServerlessV2Support.maxCapacity(version)).isEqualTo(max);
  }

  @Test
  void refusalNamesTheVersionNeededAndTheRangeAllowed() {
    assertThat(ServerlessV2Support.refusal("15.4", new Capacity(0.0, 8.0, 600))).get().asString()
        .isEqualTo("minCapacity 0 (auto-pause) needs Aurora PostgreSQL 15.7 or later; Aurora PostgreSQL 15.4 allows 0.5–128 ACU");
    assertThat(ServerlessV2Support.refusal("15.5", new Capacity(0.5, 200.0, null))).get().asString()
        .isEqualTo("maxCapacity 200 needs Aurora PostgreSQL 15.6 or later; Aurora PostgreSQL 15.5 allows 0.5–128 ACU");
    assertThat(ServerlessV2Support.refusal("15.8", new Capacity(0.0, 256.0, 600))).isEmpty();
    assertThat(ServerlessV2Support.refusal("15.4", new Capacity(0.5, 128.0, null))).isEmpty();
  }

  @Test
  void scalingIsNarrowedToWhatAnOlderVersionTakesBeforeItsUpgrade() {
    assertThat(ServerlessV2Support.within("13.12", new Capacity(0.0, 256.0, 600))).isEqualTo(new Capacity(0.5, 128.0, null));
    assertThat(ServerlessV2Support.within("15.8", new Capacity(0.0, 256.0, 600))).isEqualTo(new Capacity(0.0, 256.0, 600));
    assertThat(ServerlessV2Support.within("13.12", new Capacity(1.0, 8.0, null))).isEqualTo(new Capacity(1.0, 8.0, null));
  }
}
