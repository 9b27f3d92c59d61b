package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.AppsCutoverStatus;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.WorkloadRef;
import dev.dbops.aurora.model.migration.WorkloadRolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RestartWorkloads through the real Fabric8 client against the mock API server (CRUD mode). Nothing runs
 * the Deployment and StatefulSet controllers there, so the test plays them: after the restart it writes
 * the rollout's end into the workload's status (through the status subresource), as they would.
 */
class RestartWorkloadsOnMockServerTest {
  static final String NS = "shop";
  final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  KubernetesClient client;
  MigrationDriver driver;
  /** Every restart the step asked for, as "kind/name=value". */
  final List<String> restarts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server.init();
    client = server.createClient();
    driver = new MigrationDriver();
    AppWorkloads real = new KubernetesAppWorkloads(client);
    driver.workloads = new AppWorkloads() {
      @Override
      public List<String> resolve(String namespace, WorkloadRef ref) {
        return real.resolve(namespace, ref);
      }

      @Override
      public boolean restart(String namespace, String kind, String name, String restartedAt) {
        restarts.add(kind + "/" + name + "=" + restartedAt);
        return real.restart(namespace, kind, name, restartedAt);
      }

      @Override
      public Optional<RolloutProgress> progress(String namespace, String kind, String name) {
        return real.progress(namespace, kind, name);
      }
    };
    var cutover = driver.persisted().getSpec().getCutover();
    cutover.setWorkloads(List.of(
        WorkloadRef.named("Deployment", "orders-api"),
        WorkloadRef.labelled("StatefulSet", Map.of("app", "orders-worker"))));
    cutover.setRolloutTimeoutSeconds(120);
    cutover.setDrainGracePeriodSeconds(0);
    deployment("orders-api", Map.of("app", "orders-api"));
    deployment("billing-api", Map.of("app", "billing"));
    statefulSet("orders-worker", Map.of("app", "orders-worker"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void restartsEachSelectedWorkloadAfterTheSwitchAndWaitsForItsRollout() {
    driver.runner.runUntil(allIn("Restarting"));

    AppsCutoverStatus apps = driver.persisted().getStatus().getApps();
    assertThat(apps.getWorkloads()).extracting(w -> w.getKind() + "/" + w.getName())
        .containsExactly("Deployment/orders-api", "StatefulSet/orders-worker");
    String value = apps.getWorkloads().get(0).getRestartedAt();
    assertThat(annotation(deploymentNamed("orders-api").getSpec().getTemplate().getMetadata().getAnnotations())).isEqualTo(value);
    assertThat(annotation(client.apps().statefulSets().inNamespace(NS).withName("orders-worker").get()
        .getSpec().getTemplate().getMetadata().getAnnotations())).isEqualTo(value);
    assertThat(annotation(deploymentNamed("billing-api").getSpec().getTemplate().getMetadata().getAnnotations())).isNull();
    // The switch came first: the Secret and Service already point at the target.
    assertThat(driver.step("Cutover").getState()).isEqualTo(StepState.Succeeded);
    assertThat(driver.routing.pointedAt).containsKey("secret/orders-db-connection");

    for (int i = 0; i < 5; i++) {
      driver.reconcile();
    }
    assertThat(driver.phase()).isEqualTo(MigrationPhase.CuttingOver);
    assertThat(driver.step("RestartWorkloads").getMessage()).contains("waiting for rollout of Deployment orders-api");
    assertThat(driver.persisted().getStatus().getApps().getDrain()).as("no drain before the apps moved").isNull();

    rollOutDeployment("orders-api");
    rollOutStatefulSet("orders-worker");
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.persisted().getStatus().getApps().getWorkloads())
        .allSatisfy(w -> {
          assertThat(w.getState()).isEqualTo("RolledOut");
          assertThat(w.getFinishedAt()).isNotNull();
        });
    assertThat(driver.step("RestartWorkloads").getMessage())
        .isEqualTo("restarted and rolled out Deployment orders-api, StatefulSet orders-worker");
    assertThat(restarts).containsExactly("Deployment/orders-api=" + value, "StatefulSet/orders-worker=" + value);
  }

  @Test
  void aRolloutPastItsTimeoutHoldsTheMigrationNamingTheWorkloadAndKeepsTheSource() {
    driver.runner.runUntil(allIn("Restarting"));
    rollOutStatefulSet("orders-worker");
    // The new ReplicaSet's second pod never becomes ready (an image that cannot start, a full node).
    rolloutStuck("orders-api", 1);
    long sourceLooks = driver.databases.source.count("applicationSessions");

    driver.runner.runUntil(m -> driver.runner.held());

    assertThat(driver.condition("Degraded").getReason()).isEqualTo("RolloutTimedOut");
    assertThat(driver.condition("Degraded").getMessage())
        .contains("rollout of Deployment orders-api (1 of 2 updated replicas available) did not finish within 120s")
        .contains("source is kept as it is");
    assertThat(workload("orders-api").getState()).isEqualTo("TimedOut");
    assertThat(workload("orders-worker").getState()).isEqualTo("RolledOut");
    assertThat(driver.step("DrainSource").getState()).isEqualTo(StepState.Pending);
    assertThat(driver.step("RetireSource").getState()).isEqualTo(StepState.Pending);
    assertThat(driver.databases.source.count("applicationSessions")).isEqualTo(sourceLooks);
    assertThat(driver.databases.source.count("terminateOtherSessions")).isEqualTo(1); // SourceReadOnly's only

    // The workload is fixed: the next look (every 10 minutes, or a spec change) lets the migration go on.
    rollOutDeployment("orders-api");
    driver.runner.runUntil(m -> m.getStatus().getPhase() == MigrationPhase.Completed);
    assertThat(workload("orders-api").getState()).isEqualTo("RolledOut");
    assertThat(restarts).hasSize(2);
  }

  @Test
  void anOperatorThatDiesBeforeEveryStatusPatchRestartsEachWorkloadOnce() {
    long generation = deploymentNamed("orders-api").getMetadata().getGeneration();
    for (int i = 0; i < 200 && !allIn("Restarting").test(driver.persisted()); i++) {
      driver.runner.reconcileAndCrash();
      driver.reconcile();
    }
    rollOutDeployment("orders-api");
    rollOutStatefulSet("orders-worker");
    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    String value = workload("orders-api").getRestartedAt();
    // Patched again by each lost pass, always with the value recorded before the first patch: one rollout.
    assertThat(restarts).allMatch(r -> r.endsWith("=" + value)).hasSizeGreaterThan(2);
    assertThat(deploymentNamed("orders-api").getMetadata().getGeneration()).isEqualTo(generation + 1);
  }

  @Test
  void aNamedWorkloadThatDoesNotExistHoldsTheMigration() {
    client.apps().deployments().inNamespace(NS).withName("orders-api").delete();
    driver.runner.runUntil(m -> driver.runner.held());

    assertThat(driver.condition("Degraded").getReason()).isEqualTo("WorkloadNotFound");
    assertThat(driver.condition("Degraded").getMessage()).contains("Deployment orders-api not found in namespace shop");
    assertThat(driver.step("DrainSource").getState()).isEqualTo(StepState.Pending);
  }

  private Predicate<AuroraMigration> allIn(String state) {
    return m -> m.getStatus() != null && m.getStatus().getApps() != null && m.getStatus().getApps().getWorkloads() != null
        && !m.getStatus().getApps().getWorkloads().isEmpty()
        && m.getStatus().getApps().getWorkloads().stream().allMatch(w -> state.equals(w.getState()));
  }

  private WorkloadRolloutStatus workload(String name) {
    return driver.persisted().getStatus().getApps().getWorkloads().stream()
        .filter(w -> w.getName().equals(name)).findFirst().orElseThrow();
  }

  private static String annotation(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get(AppWorkloads.RESTARTED_AT);
  }

  private Deployment deploymentNamed(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private void deployment(String name, Map<String, String> labels) {
    Deployment d = client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("shop/api:1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    rollOutDeployment(d.getMetadata().getName());
  }

  private void statefulSet(String name, Map<String, String> labels) {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(1).withServiceName(name).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("worker").withImage("shop/worker:1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    rollOutStatefulSet(name);
  }

  /** Plays the deployment controller: the current generation observed, every replica updated and available. */
  private void rollOutDeployment(String name) {
    Deployment d = deploymentNamed(name);
    int replicas = d.getSpec().getReplicas();
    d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
        .build());
    client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
  }

  /** Plays the deployment controller mid-rollout: every replica updated, only {@code available} of them available. */
  private void rolloutStuck(String name, int available) {
    Deployment d = deploymentNamed(name);
    int replicas = d.getSpec().getReplicas();
    d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available)
        .build());
    client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
  }

  /** Plays the statefulset controller: every pod on the update revision and ready. */
  private void rollOutStatefulSet(String name) {
    StatefulSet s = client.apps().statefulSets().inNamespace(NS).withName(name).get();
    int replicas = s.getSpec().getReplicas();
    String revision = name + "-" + s.getMetadata().getGeneration();
    s.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
        .withObservedGeneration(s.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
        .withCurrentRevision(revision).withUpdateRevision(revision).build());
    client.apps().statefulSets().inNamespace(NS).resource(s).updateStatus();
  }
}
