package dev.dbops.aurora.testing.strictrds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.aurora.ClusterRecord;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/**
 * The stages chained, SDK → StrictRds → LocalAurora → moto: StrictRds's rewrites (lower-cased names, timed
 * states) and the data plane's (endpoints, the version the data really runs, {@code upgrading} while
 * pg_upgrade runs) compose instead of undoing each other.
 */
@ExtendWith(MotoServer.class)
class StrictRdsOnLocalAuroraTest {
  private final LocalAurora aurora = LocalAurora.start(MotoServer.endpoint());
  private final StrictRds strict = StrictRds.inFrontOf(aurora.endpoint(), Settings.realisticScaledDown()
      .withDurations(new Settings.Durations(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(300),
          Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200),
          Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(200)))
      .withConsistencyDelay(Duration.ZERO));
  private final RdsClient rds = StrictRdsClients.rds(strict.endpoint(), 3);

  @AfterEach
  void close() {
    rds.close();
    strict.close();
    aurora.close();
  }

  @Test
  void dataPlaneUpgradingOutlastsStrictRdsUpgradingAndRefusesChangesUntilPgUpgradeIsDone() {
    rds.createDBCluster(b -> b.dbClusterIdentifier("Chain-Shop").engine("aurora-postgresql").engineVersion("13.12")
        .masterUsername("postgres").masterUserPassword("postgres-password"));
    ClusterRecord server = aurora.cluster("chain-shop").orElseThrow(() -> new AssertionError(
        "the data plane got the lower-cased name StrictRds forwarded"));
    DBCluster created = awaitStatus("available");
    assertThat(created.endpoint()).isEqualTo(server.host());
    assertThat(created.port()).isEqualTo(server.port());

    rds.modifyDBCluster(b -> b.dbClusterIdentifier("chain-shop").engineVersion("15.10").allowMajorVersionUpgrade(true)
        .applyImmediately(true));
    Instant strictUpgradeEnds = Instant.now().plusMillis(300);
    List<String> seen = new ArrayList<>();
    boolean refusedAfterStrictTransition = false;
    while (aurora.cluster("chain-shop").orElseThrow().upgradingTo() != null) {
      DBCluster now = describe();
      if (aurora.cluster("chain-shop").orElseThrow().upgradingTo() == null) {
        break; // pg_upgrade finished between the two looks
      }
      seen.add(now.status() + " " + now.engineVersion());
      if (Instant.now().isAfter(strictUpgradeEnds.plusMillis(200)) && !refusedAfterStrictTransition) {
        assertThat(now.status()).as("data plane still upgrading after StrictRds's own transition ended").isEqualTo("upgrading");
        assertThatThrownBy(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("chain-shop").backupRetentionPeriod(3)))
            .isInstanceOf(InvalidDbClusterStateException.class);
        refusedAfterStrictTransition = true;
      }
      sleep(100);
    }

    assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("upgrading 13."));
    assertThat(refusedAfterStrictTransition).as("pg_upgrade outlasted StrictRds's 0.3 s upgrade").isTrue();
    DBCluster upgraded = awaitStatus("available");
    assertThat(upgraded.engineVersion()).isEqualTo("15.10");
    assertThat(upgraded.endpoint()).isEqualTo(server.host());
  }

  private DBCluster describe() {
    return rds.describeDBClusters(b -> b.dbClusterIdentifier("chain-shop")).dbClusters().get(0);
  }

  private DBCluster awaitStatus(String status) {
    Instant giveUp = Instant.now().plusSeconds(60);
    DBCluster cluster = describe();
    while (!cluster.status().equals(status) && Instant.now().isBefore(giveUp)) {
      sleep(100);
      cluster = describe();
    }
    assertThat(cluster.status()).isEqualTo(status);
    return cluster;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
