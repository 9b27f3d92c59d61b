package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.StepState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A long AWS step shows how far it is in status.stepProgress and is looked at soon after its write. */
class StepProgressAndPollingTest {
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void snapshotPercentShowsWhileItRunsAndIsClearedWhenTheStepEnds() {
    List<String> progress = new ArrayList<>();
    List<Duration> snapshotWaits = new ArrayList<>();
    for (int i = 0; i < 200 && !snapshotSucceeded(); i++) {
      Optional<Duration> next = driver.reconcile();
      var status = driver.persisted().getStatus();
      if ("Snapshot".equals(status.getCurrentStep()) && status.getStepProgress() != null) {
        progress.add(status.getStepProgress());
        snapshotWaits.add(next.orElseThrow());
      }
    }

    assertThat(progress).isNotEmpty().allMatch(p -> p.matches("snapshot \\d+%"));
    // Right after CreateDBClusterSnapshot: the shortest wait, not the 20 s longest.
    assertThat(snapshotWaits.get(0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(snapshotWaits).allSatisfy(w -> assertThat(w).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20)));
    assertThat(driver.persisted().getStatus().getStepProgress()).as("cleared once the snapshot step succeeded").isNull();
  }

  private boolean snapshotSucceeded() {
    return driver.persisted().getStatus() != null && driver.step("Snapshot").getState() == StepState.Succeeded;
  }
}
