package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.testing.LocalMigrationEnvironment;
import dev.dbops.aurora.testing.MotoServer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running operator (JOSDK's informer and event filters, on the Fabric8 mock API server, which like a
 * real one leaves the generation alone on a metadata change) with examples/local-demo/migration.yaml on
 * the local Aurora, cutover Manual so it stops awaiting approval, where the next scheduled look is 5
 * minutes away: a new value of the recheck annotation runs the statement check within seconds, while
 * another annotation starts no reconcile at all (JOSDK's reconciliations.started counter stays put).
 */
@ExtendWith(MotoServer.class)
class StatementRecheckThroughTheOperatorTest {
  private static final String NAMESPACE = "shop";
  private static final Path EXAMPLE =
      Path.of(System.getProperty("crds.dir", "../crds")).resolveSibling("examples/local-demo/migration.yaml");
  /** Far below CutoverApprovalStep's 5-minute look and the 5-minute resync, far above an informer event. */
  private static final Duration WAKE_UP = Duration.ofSeconds(15);

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private LocalMigrationEnvironment env;

  @BeforeEach
  void start() throws Exception {
    env = new LocalMigrationEnvironment();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aNewRecheckValueWakesTheOperatorAtOnceAndAnotherAnnotationDoesNot() throws Exception {
    Path manual = Files.createTempFile("migration-manual", ".yaml");
    String example = Files.readString(EXAMPLE);
    assertThat(example).contains("mode: Automatic");
    Files.writeString(manual, example.replace("mode: Automatic", "mode: Manual"));
    env.startOperator(metrics);
    env.apply(manual, NAMESPACE);

    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
        .until(() -> phase() == MigrationPhase.AwaitingCutover);
    AuroraMigration waiting = migration();
    assertThat(waiting.getStatus().getStatementCheck()).as("the first check ran").isNotNull();
    assertThat(waiting.getStatus().getStatementCheck().getRecheck()).isNull();
    String firstFinishedAt = waiting.getStatus().getStatementCheck().getFinishedAt();
    double settled = settledReconciles();

    annotate(m -> m.getMetadata().getAnnotations().put("argocd.argoproj.io/tracking-id", "shop:aurora.dbops.dev/x"));
    Thread.sleep(WAKE_UP.toMillis());
    assertThat(reconcilesStarted()).as("reconciles after an unrelated annotation").isEqualTo(settled);

    long requested = System.nanoTime();
    annotate(m -> m.getMetadata().getAnnotations().put(StatementCheckStep.RECHECK_ANNOTATION, "after-release-42"));
    await().atMost(WAKE_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
      var check = migration().getStatus().getStatementCheck();
      return check != null && "after-release-42".equals(check.getRecheck());
    });
    System.out.printf("recheck recorded %d ms after the annotation was set%n",
        Duration.ofNanos(System.nanoTime() - requested).toMillis());
    assertThat(reconcilesStarted()).isGreaterThan(settled);
    await().atMost(WAKE_UP).until(() -> phase() == MigrationPhase.AwaitingCutover);
    AuroraMigration rechecked = migration();
    assertThat(rechecked.getStatus().getStatementCheck().getFinishedAt()).isNotEqualTo(firstFinishedAt);
  }

  /** The started-reconcile count once it has stopped moving (the last status patch's own pass is done). */
  private double settledReconciles() throws InterruptedException {
    double last = -1;
    double now = reconcilesStarted();
    while (now != last) {
      Thread.sleep(2000);
      last = now;
      now = reconcilesStarted();
    }
    return now;
  }

  private double reconcilesStarted() {
    return metrics.find("operator.sdk.reconciliations.started").tag("kind", "AuroraMigration").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  /** As kubectl annotate: the operator patches status meanwhile, so a conflict is retried as a user would. */
  private void annotate(Consumer<AuroraMigration> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        env.client.resources(AuroraMigration.class).inNamespace(NAMESPACE).withName("orders").edit(m -> {
          change.accept(m);
          return m;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private MigrationPhase phase() {
    AuroraMigration m = migration();
    return m.getStatus() == null ? null : m.getStatus().getPhase();
  }

  private AuroraMigration migration() {
    return env.migration(NAMESPACE, "orders");
  }
}
