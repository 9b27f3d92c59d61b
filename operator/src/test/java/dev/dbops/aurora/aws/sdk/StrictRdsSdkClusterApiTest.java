package dev.dbops.aurora.aws.sdk;

import static dev.dbops.aurora.aws.sdk.AwsFixtures.restoreAsServerlessV2;
import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessInstance;
import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessV2;
import static dev.dbops.aurora.testing.MigrationResources.migrationOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import dev.dbops.aurora.testing.strictrds.StrictRdsOnMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SdkClusterApiMotoTest's scenarios through {@link StrictRds} in front of moto: transitions take time,
 * writes in transition are refused, names follow RDS's rules. Tests marked {@code defect:} show operator
 * behaviour that real RDS would break; they stay disabled until the owner fixes it.
 */
@ExtendWith(MotoServer.class)
class StrictRdsSdkClusterApiTest {
  private StrictRdsOnMoto rds;
  private StrictRds strict;
  private SdkClusterApi api;

  private SdkClusterApi start(Settings settings) {
    rds = StrictRdsOnMoto.start(settings, SdkAwsRegions.DEFAULT_PAGE_SIZE);
    strict = rds.strict();
    api = rds.clusters();
    return api;
  }

  @AfterEach
  void stop() {
    if (rds != null) {
      rds.close();
    }
  }

  @Test
  void newClusterIsAbsentThenCreatingThenAvailableToFind() {
    start(Settings.realisticScaledDown());

    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    List<String> seen = observe(() -> {
      api.refresh("orders");
      return api.findCluster("orders").map(AuroraCluster::status).orElse("absent");
    }, "available");

    // The describe right after a create may miss it: a caller must not read "absent" as "create it again".
    assertThat(seen).containsExactly("absent", "creating", "available");
  }

  @Test
  void majorUpgradeShowsUpgradingAndTheOldVersionUntilItEnds() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO));
    api.createCluster(new NewCluster("orders", AwsFixtures.ENGINE, "13.12", new Capacity(0.5, 8.0, null), "app_admin",
        SecretValue.of("password123"), false, null, null, null, null, List.of(), false, null, 1, null, null, false, null,
        List.of(), false, Map.of()));
    awaitAvailable("orders");

    api.modifyCluster("orders", new ClusterChanges(null, null, null, null, null, null, null, null, "15.4", true,
        "default.aurora-postgresql15", null, null));
    List<String> seen = observe(() -> {
      api.refresh("orders");
      AuroraCluster c = api.findCluster("orders").orElseThrow();
      return c.status() + " " + c.engineVersion();
    }, "available 15.4");

    assertThat(seen).containsExactly("upgrading 13.12", "available 15.4");
  }

  @Test
  void secondModifyWhileModifyingIsInvalidStateAndRetryable() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO));
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    awaitAvailable("orders");
    ClusterChanges scaling = new ClusterChanges(new Capacity(1.0, 16.0, null), null, null, null, null, null, null, null,
        null, false, null, null, null);

    api.modifyCluster("orders", scaling);

    assertThatThrownBy(() -> api.modifyCluster("orders", scaling))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.kind()).isEqualTo(AwsErrorKind.INVALID_STATE);
          assertThat(e.code()).isEqualTo("InvalidDBClusterStateFault");
          assertThat(e.isRetryable()).isTrue();
        });
  }

  @Test
  void modifyOfAMissingClusterIsNotFound() {
    start(Settings.instant());

    // moto alone answers a bare 500 here, which the classifier reads as RETRYABLE: retried for ever.
    assertThatThrownBy(() -> api.modifyCluster("ghost", new ClusterChanges(null, 14, null, null, null, null, null, null,
        null, false, null, null, null)))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.kind()).isEqualTo(AwsErrorKind.NOT_FOUND);
          assertThat(e.code()).isEqualTo("DBClusterNotFoundFault");
        });
  }

  @Test
  void snapshotProgressesAndARestoreWaitsForIt() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO));
    api.createCluster(serverlessV2("source", new Capacity(0.5, 4.0, null)));
    awaitAvailable("source");

    ClusterSnapshot created = api.createSnapshot("source", "source-snap", Map.of());

    assertThat(created.isAvailable()).isFalse();
    assertThatThrownBy(() -> api.restoreFromSnapshot(restoreAsServerlessV2("target", "source-snap",
        new Capacity(0.5, 8.0, null))))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.INVALID_STATE));
    observe(() -> api.findSnapshot("source-snap").orElseThrow().status(), "available");
    api.restoreFromSnapshot(restoreAsServerlessV2("target", "source-snap", new Capacity(0.5, 8.0, null)));
    awaitAvailable("target");
    assertThat(api.findCluster("target").orElseThrow().scaling()).isEqualTo(new Capacity(0.5, 8.0, null));
  }

  @Test
  void deletedClusterIsDeletingThenGoneAndItsFinalSnapshotCompletes() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO));
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    awaitAvailable("orders");

    api.deleteCluster("orders", Optional.of("orders-final"));
    List<String> seen = observe(() -> {
      api.refresh("orders");
      return api.findCluster("orders").map(AuroraCluster::status).orElse("gone");
    }, "gone");

    assertThat(seen).containsExactly("deleting", "gone");
    observe(() -> api.findSnapshot("orders-final").orElseThrow().status(), "available");
  }

  @Test
  void instancesAreCreatingThenAvailableAndDeletingThenGone() {
    start(Settings.realisticScaledDown().withConsistencyDelay(Duration.ZERO));
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));
    awaitAvailable("orders");

    api.createInstance(serverlessInstance("orders-1", "orders", 0));
    List<String> up = observe(() -> instanceStatus("orders", "orders-1"), "available");
    api.deleteInstance("orders-1");
    List<String> down = observe(() -> instanceStatus("orders", "orders-1"), "gone");

    assertThat(up).containsExactly("creating", "available");
    assertThat(down).containsExactly("deleting", "gone");
  }

  @Test
  void mixedCaseIdentifierIsFoundAfterCreation() {
    start(Settings.instant());

    api.createCluster(serverlessV2("Orders-Prod", new Capacity(0.5, 8.0, null)));
    api.createInstance(serverlessInstance("Orders-Prod-1", "Orders-Prod", 0));

    assertThat(api.findCluster("Orders-Prod")).isPresent();
    assertThat(api.findInstances("Orders-Prod")).extracting(AuroraInstance::identifier).containsExactly("orders-prod-1");
  }

  @Test
  void migrationNamesFitRdsLimitsForEverySourceTheCrdAccepts() {
    start(Settings.instant());
    String source = "orders-" + "x".repeat(56); // 63 characters: the CRD's maxLength for the source
    api.createCluster(serverlessV2(source, new Capacity(0.5, 8.0, null)));
    MigrationNames names = MigrationNames.of(migrationOf(source, null));

    ClusterSnapshot snapshot = api.createSnapshot(source, names.sourceSnapshot(), Map.of());
    api.restoreFromSnapshot(restoreAsServerlessV2(names.targetCluster(), snapshot.identifier(),
        new Capacity(0.5, 8.0, null)));
  }

  @Test
  void createSnapshotWhoseAnswerWasLostIsAlreadyExistsOnTheSdksRetry() {
    start(Settings.instant().withLostAnswers(1.0, "CreateDBClusterSnapshot"));
    api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null)));

    // The first attempt made the snapshot; the SDK's retry of the same request meets it. The name is the
    // operator's own and deterministic, so ALREADY_EXISTS here means "done", not "someone else's".
    assertThatThrownBy(() -> api.createSnapshot("orders", "orders-premigration-1a2b3c4d", Map.of()))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.ALREADY_EXISTS));
    assertThat(api.findSnapshot("orders-premigration-1a2b3c4d")).isPresent();
    assertThat(strict.counts().injected("CreateDBClusterSnapshot", "LostAnswer")).isEqualTo(1);
  }

  @Test
  void wholeLifecycleCompletesWithOneRequestInFiveFailing() {
    start(Settings.realisticScaledDown().withFaults(0.2, 20261201));
    RetriedCalls calls = new RetriedCalls();

    calls.run(() -> api.createCluster(serverlessV2("orders", new Capacity(0.5, 8.0, null))));
    awaitAvailable("orders", calls);
    calls.run(() -> api.createInstance(serverlessInstance("orders-1", "orders", 0)));
    observe(() -> calls.run(() -> instanceStatus("orders", "orders-1")), "available");
    calls.run(() -> api.modifyCluster("orders", new ClusterChanges(new Capacity(1.0, 16.0, null), 14, null, null, null,
        null, null, null, null, false, null, null, null)));
    awaitAvailable("orders", calls);
    calls.run(() -> api.createSnapshot("orders", "orders-snap", Map.of()));
    observe(() -> calls.run(() -> api.findSnapshot("orders-snap").map(ClusterSnapshot::status).orElse("absent")),
        "available");
    calls.run(() -> {
      api.deleteInstance("orders-1");
      return null;
    });
    observe(() -> calls.run(() -> instanceStatus("orders", "orders-1")), "gone");
    calls.run(() -> {
      api.deleteCluster("orders", Optional.of("orders-final"));
      return null;
    });
    observe(() -> calls.run(() -> {
      api.refresh("orders");
      return api.findCluster("orders").map(AuroraCluster::status).orElse("gone");
    }), "gone");

    var counts = strict.counts();
    System.out.printf("StrictRds 20%% faults, SdkClusterApi lifecycle: %s; SDK calls %s; failures that outlived the "
        + "SDK's 3 attempts: %d %s%n", counts, api.calls().counts(), calls.surfaced.size(), calls.surfaced);
    assertThat(counts.injected()).isPositive();
    assertThat(calls.surfaced).allSatisfy(e -> assertThat(e.kind()).isIn(AwsErrorKind.RETRYABLE,
        AwsErrorKind.INVALID_STATE));
  }

  // ---- helpers ----

  private String instanceStatus(String cluster, String instance) {
    api.refresh(cluster);
    return api.findInstances(cluster).stream().filter(i -> i.identifier().equals(instance))
        .map(AuroraInstance::status).findFirst().orElse("gone");
  }

  private void awaitAvailable(String cluster) {
    awaitAvailable(cluster, new RetriedCalls());
  }

  private void awaitAvailable(String cluster, RetriedCalls calls) {
    observe(() -> calls.run(() -> {
      api.refresh(cluster);
      return api.findCluster(cluster).map(AuroraCluster::status).orElse("absent");
    }), "available");
  }

  /** Retries what the SDK gave up on, as the reconcilers do on their next pass; remembers each failure. */
  static final class RetriedCalls {
    final List<AwsException> surfaced = new ArrayList<>();

    <T> T run(Supplier<T> call) {
      for (int attempt = 1; ; attempt++) {
        try {
          return call.get();
        } catch (AwsException e) {
          if (!e.isRetryable() || attempt == 10) {
            throw e;
          }
          surfaced.add(e);
          sleep(200);
        }
      }
    }
  }

  static List<String> observe(Supplier<String> read, String last) {
    List<String> seen = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      String value = read.get();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
        seen.add(value);
      }
      if (value.equals(last)) {
        return seen;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("never reached " + last + "; saw " + seen);
      }
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

}
