package dev.dbops.aurora.testing;

import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Everything a migration needs, on this machine: {@link LocalAurora} as AWS (moto for the control plane,
 * real PostgreSQL for the data) with a Serverless v1 source cluster on PostgreSQL 13 holding the sample
 * shop database, the Fabric8 mock API server as Kubernetes, and the real operator, which can be stopped
 * and started again like a process. The target is whatever the operator's restore and upgrade make.
 */
public final class LocalMigrationEnvironment implements AutoCloseable {
  public static final String DATABASE = "shop";
  public static final String SOURCE_CLUSTER = "orders-v1";
  /** The source's master user and password; examples/local-demo/migration.yaml's Secret holds the same. */
  public static final String MASTER = "postgres";
  public static final String MASTER_PASSWORD = "postgres-password";

  public final LocalAurora aurora = LocalAurora.start(MotoServer.endpoint());
  public final SdkAwsRegions regions = new SdkAwsRegions(
      new AwsSettings(MotoServer.REGION, Optional.of(aurora.endpoint()), Duration.ofSeconds(1), 3));
  public final RdsClient rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
  private final KubernetesMockServer kubernetes =
      new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  public final KubernetesClient client;
  private OperatorRuntime operator;

  public LocalMigrationEnvironment() throws SQLException {
    rds.createDBCluster(b -> b.dbClusterIdentifier(SOURCE_CLUSTER).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername(MASTER).masterUserPassword(MASTER_PASSWORD)
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    try (Connection c = aurora.connect(SOURCE_CLUSTER, "postgres", MASTER, MASTER_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection c = connect(SOURCE_CLUSTER, DATABASE)) {
      SampleSchema.load(c);
    }
    kubernetes.init();
    client = kubernetes.createClient().adapt(KubernetesClient.class);
  }

  /** Starts the operator, as a new process would: nothing carried over but what is in the API server and AWS. */
  public void startOperator() {
    startOperator(null);
  }

  /** As {@link #startOperator()}, with JOSDK counting reconciliations in {@code metrics} (null for none). */
  public void startOperator(MeterRegistry metrics) {
    operator = new OperatorRuntime(
        client,
        regions,
        OperatorConfig.from(Map.of("AURORA_RECONCILE_CONCURRENCY", "2")),
        ClusterTimings.standard(Duration.ofMinutes(5)),
        new MigrationTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(2)),
        false,
        metrics);
    operator.start();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** A cluster's database as its master user, through the cluster's endpoint. */
  public Connection connect(String cluster, String database) throws SQLException {
    return aurora.connect(cluster, database, MASTER, MASTER_PASSWORD);
  }

  /** Applies the documents of a YAML file in the namespace. */
  public List<HasMetadata> apply(Path file, String namespace) throws java.io.IOException {
    String yaml = Files.readString(file);
    List<HasMetadata> applied = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      Map<?, ?> fields = Serialization.unmarshal(document, Map.class);
      if (fields == null || fields.get("kind") == null) {
        continue;
      }
      HasMetadata resource = switch (String.valueOf(fields.get("kind"))) {
        case "Secret" -> Serialization.unmarshal(document, Secret.class);
        case "AuroraMigration" -> Serialization.unmarshal(document, AuroraMigration.class);
        default -> throw new IllegalArgumentException("cannot apply " + fields.get("kind"));
      };
      applied.add(client.resource(resource).inNamespace(namespace).create());
    }
    return applied;
  }

  public AuroraMigration migration(String namespace, String name) {
    return client.resources(AuroraMigration.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    kubernetes.destroy();
    rds.close();
    regions.close();
    aurora.close();
  }
}
