package dev.dbops.aurora.testing;

import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Everything a migration needs, on this machine: moto as AWS with a Serverless v1 source cluster,
 * PostgreSQL 13 (source, with the sample shop database) and 15 (target), the Fabric8 mock API server as
 * Kubernetes, and the real operator, which can be stopped and started again like a process.
 */
public final class LocalMigrationEnvironment implements AutoCloseable {
  public static final String DATABASE = "shop";
  public static final String SOURCE_CLUSTER = "orders-v1";

  public final Started source = EmbeddedPostgresServers.source();
  public final Started target = EmbeddedPostgresServers.target();
  public final SdkAwsRegions regions = new SdkAwsRegions(MotoServer.settings(Duration.ofSeconds(1)));
  public final RdsClient rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
  private final KubernetesMockServer kubernetes =
      new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  public final KubernetesClient client;
  private OperatorRuntime operator;

  public LocalMigrationEnvironment() throws SQLException {
    source.recreateDatabase(DATABASE);
    target.recreateDatabase(DATABASE);
    try (Connection c = source.connect(DATABASE)) {
      SampleSchema.load(c);
    }
    rds.createDBCluster(b -> b.dbClusterIdentifier(SOURCE_CLUSTER).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername("postgres").masterUserPassword("postgres-password")
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    kubernetes.init();
    client = kubernetes.createClient().adapt(KubernetesClient.class);
  }

  /** Starts the operator, as a new process would: nothing carried over but what is in the API server and AWS. */
  public void startOperator() {
    operator = new OperatorRuntime(
        client,
        RestoreCopiesData.wrap(regions, this::copySnapshotData),
        OperatorConfig.from(Map.of("AURORA_RECONCILE_CONCURRENCY", "2")),
        ClusterTimings.standard(Duration.ofMinutes(5)),
        new MigrationTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(2)),
        false);
    operator.start();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Applies the documents of a YAML file in the namespace, with ${SOURCE_PORT} and ${TARGET_PORT} filled in. */
  public List<HasMetadata> apply(Path file, String namespace) throws java.io.IOException {
    String yaml = Files.readString(file)
        .replace("${SOURCE_PORT}", String.valueOf(source.postgres().getPort()))
        .replace("${TARGET_PORT}", String.valueOf(target.postgres().getPort()));
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

  /** What AWS's storage does on a restore, which moto does not: the target gets the source's data. */
  private void copySnapshotData() throws SQLException {
    target.recreateDatabase(DATABASE);
    try (Connection from = source.connect(DATABASE); Connection to = target.connect(DATABASE)) {
      SampleSchema.createTables(to);
      DatabaseCopier.copy(from, to);
    }
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    kubernetes.destroy();
    rds.close();
    regions.close();
    source.server().setReadOnly(List.of(DATABASE), false);
  }
}
