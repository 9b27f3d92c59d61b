package dev.dbops.aurora.cluster;

import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real operator, in-process, against the Fabric8 mock API server in CRUD mode and a fake AWS.
 * Status is patched with JSON merge patches: the CRUD mock does not implement server-side apply, which
 * JOSDK uses by default for the primary resource.
 *
 * <p>A test class that needs only the started operator and the master password Secret registers
 * {@link #withMasterPasswordSecret()} as an extension field; it is closed after each test.
 */
final class RunningOperator implements AutoCloseable, AfterEachCallback {
  static final String NAMESPACE = "apps";
  /** The master password in the Secret {@link #createMasterPasswordSecret} makes. */
  static final String PASSWORD = "s3cr3t-Pa55word!";

  final KubernetesMockServer server = new KubernetesMockServer(
      new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  static final ClusterTimings FAST = new ClusterTimings(Duration.ofMillis(150), Duration.ofSeconds(2),
      Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(10));

  final KubernetesClient client;
  final FakeAwsRegions aws = new FakeAwsRegions(3);
  private final AwsRegions regions;
  private final ClusterTimings timings;
  private final MeterRegistry metrics;
  OperatorRuntime runtime;

  RunningOperator() {
    this(FAST);
  }

  RunningOperator(ClusterTimings timings) {
    this(null, timings, null);
  }

  /** @param metrics where JOSDK records reconciliations; null for none */
  RunningOperator(ClusterTimings timings, MeterRegistry metrics) {
    this(null, timings, metrics);
  }

  RunningOperator(AwsRegions regions, ClusterTimings timings) {
    this(regions, timings, null);
  }

  /**
   * @param regions null for the in-memory {@link #aws}, else those regions (moto)
   * @param metrics where JOSDK records reconciliations; null for none
   */
  RunningOperator(AwsRegions regions, ClusterTimings timings, MeterRegistry metrics) {
    client = startApiServer(server);
    this.regions = regions == null ? aws : regions;
    this.timings = timings;
    this.metrics = metrics;
    runtime = newRuntime();
    runtime.start();
  }

  /**
   * The operator on the in-memory AWS with the master password Secret, for
   * {@code @RegisterExtension final RunningOperator op = RunningOperator.withMasterPasswordSecret();}.
   */
  static RunningOperator withMasterPasswordSecret() {
    RunningOperator op = new RunningOperator();
    op.createMasterPasswordSecret(PASSWORD);
    return op;
  }

  /** Starts the mock API server with the DatabaseCluster CRD of crds/ installed; returns a client of it. */
  static KubernetesClient startApiServer(KubernetesMockServer server) {
    server.init();
    KubernetesClient client = server.createClient();
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of(System.getProperty("crds.dir", "../crds"), "databaseclusters.aurora.dbops.dev-v1.yml").toFile())
        .item();
    client.resource(crd).create();
    return client;
  }

  private OperatorRuntime newRuntime() {
    OperatorConfig config = OperatorConfig.from(Map.of("AURORA_RECONCILE_CONCURRENCY", "2"));
    return new OperatorRuntime(client, regions, config, timings, MigrationTimings.defaults(), false, metrics);
  }

  /** Stops the operator and starts a new one on the same API server and AWS: nothing survives but status. */
  void restart() {
    runtime.close();
    runtime = newRuntime();
    runtime.start();
  }

  InMemoryRds api() {
    return aws.region("us-east-1");
  }

  /**
   * Changes the spec as a user would, bumping the generation as the API server does. The operator patches
   * status concurrently, so the optimistic-lock conflict (409) a user would also see is retried.
   */
  void editSpec(String name, java.util.function.Consumer<DatabaseClusterSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName(name).edit(d -> {
          change.accept(d.getSpec());
          d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
          return d;
        });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The Secret every test cluster takes its master password from ("orders-master", key password). */
  void createMasterPasswordSecret(String password) {
    client.secrets().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("orders-master").withNamespace(NAMESPACE).endMetadata()
        .addToStringData("password", password)
        .build()).create();
  }

  DatabaseCluster get(String name) {
    return client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName(name).get();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    runtime.close();
    client.close();
    server.destroy();
  }
}
