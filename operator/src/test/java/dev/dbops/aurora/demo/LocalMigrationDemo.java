package dev.dbops.aurora.demo;

import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.testing.DatabaseCopier;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.RestoreCopiesData;
import dev.dbops.aurora.testing.SampleSchema;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.LoggerFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole migration on this machine: moto plays AWS, embedded PostgreSQL 13 and 15 play the source and
 * target clusters' databases, the Fabric8 mock server plays the Kubernetes API, and the real operator
 * migrates the example resource while this prints its progress like {@code kubectl get amig -w}.
 */
public final class LocalMigrationDemo {
  private static final String NAMESPACE = "demo";
  private static final String DATABASE = "shop";
  private static final Set<MigrationPhase> DONE =
      Set.of(MigrationPhase.Completed, MigrationPhase.Failed, MigrationPhase.RolledBack);
  private static final String ROW = "%-8s %-16s %-22s %-10s %-10s %-8s %-9s %s%n";

  /** Held so the JUL level set on it is not garbage-collected away. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    quietLogs();
    Path examples = Path.of(args.length > 0 ? args[0] : "../examples/local-demo/migration.yaml");
    say("starting moto (AWS), PostgreSQL 13 (source) and 15 (target), and an in-process Kubernetes API");
    Started source = EmbeddedPostgresServers.source();
    Started target = EmbeddedPostgresServers.target();
    source.recreateDatabase(DATABASE);
    target.recreateDatabase(DATABASE);
    try (Connection c = source.connect(DATABASE)) {
      SampleSchema.load(c);
    }
    try (SdkAwsRegions regions = new SdkAwsRegions(MotoServer.settings(Duration.ofSeconds(1)));
        var rds = regions.configure(software.amazon.awssdk.services.rds.RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      rds.createDBCluster(b -> b.dbClusterIdentifier("orders-v1").engine("aurora-postgresql").engineVersion("13.12")
          .engineMode("serverless").masterUsername("postgres").masterUserPassword("postgres-password")
          .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
      say("source cluster orders-v1 (Serverless v1, aurora-postgresql 13.12) holds " + rows(source) + " rows in database shop");

      KubernetesMockServer kubernetes = new KubernetesMockServer(
          new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
      kubernetes.init();
      try (KubernetesClient client = kubernetes.createClient().adapt(KubernetesClient.class);
          OperatorRuntime operator = new OperatorRuntime(
              client,
              RestoreCopiesData.wrap(regions, () -> copySnapshotData(source, target)),
              OperatorConfig.from(Map.of("AURORA_RECONCILE_CONCURRENCY", "2")),
              ClusterTimings.standard(Duration.ofMinutes(5)),
              new MigrationTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(2)),
              false)) {
        operator.start();
        String yaml = Files.readString(examples)
            .replace("${SOURCE_PORT}", String.valueOf(source.postgres().getPort()))
            .replace("${TARGET_PORT}", String.valueOf(target.postgres().getPort()));
        for (HasMetadata resource : resources(yaml)) {
          client.resource(resource).inNamespace(NAMESPACE).create();
          say("applied " + resource.getKind() + " " + resource.getMetadata().getName() + " (from " + examples + ")");
        }
        AuroraMigration finished = watch(client);
        summarise(client, finished, source);
      } finally {
        kubernetes.destroy();
      }
    }
    System.exit(0);
  }

  /** The demo's documents, typed by kind so the client knows where each belongs. */
  private static List<HasMetadata> resources(String yaml) {
    List<HasMetadata> resources = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      Map<?, ?> fields = Serialization.unmarshal(document, Map.class);
      if (fields == null || fields.get("kind") == null) {
        continue;
      }
      resources.add(switch (String.valueOf(fields.get("kind"))) {
        case "Secret" -> Serialization.unmarshal(document, Secret.class);
        case "AuroraMigration" -> Serialization.unmarshal(document, AuroraMigration.class);
        default -> throw new IllegalArgumentException("the demo does not apply " + fields.get("kind"));
      });
    }
    return resources;
  }

  /** Only the demo's own lines: the servers' and clients' logs would bury the progress table. */
  private static void quietLogs() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fabric8")).setLevel(ch.qos.logback.classic.Level.ERROR);
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** Prints a row whenever what {@code kubectl get amig} would show changes; returns the finished resource. */
  private static AuroraMigration watch(KubernetesClient client) throws InterruptedException {
    System.out.printf("%n" + ROW, "NAME", "PHASE", "STEP", "SOURCE", "TARGET", "VERSION", "READ-ONLY", "MESSAGE");
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
    String last = "";
    while (Instant.now().isBefore(giveUp)) {
      AuroraMigration m = client.resources(AuroraMigration.class).inNamespace(NAMESPACE).withName("orders").get();
      AuroraMigrationStatus s = m.getStatus();
      if (s != null) {
        String row = String.format(ROW, m.getMetadata().getName(), s.getPhase(), dash(s.getCurrentStep()),
            m.getSpec().getSource().getClusterIdentifier(), s.getTarget() == null ? "-" : s.getTarget().getIdentifier(),
            dash(s.getTargetEngineVersion()), s.getReadOnlyWindow() == null ? "-" : dash(s.getReadOnlyWindow().getDuration()),
            dash(s.getMessage()));
        String key = s.getPhase() + "|" + s.getCurrentStep() + "|" + s.getMessage();
        if (!key.equals(last)) {
          System.out.print(row);
          last = key;
        }
        if (DONE.contains(s.getPhase())) {
          return m;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the migration did not finish within 5 minutes");
  }

  private static void summarise(KubernetesClient client, AuroraMigration m, Started source) {
    AuroraMigrationStatus s = m.getStatus();
    System.out.printf("%nSummary: %s — %s%n", s.getPhase(), s.getMessage());
    for (StepStatus step : s.getSteps()) {
      String took = step.getStartedAt() == null || step.getFinishedAt() == null ? "" : " ("
          + Duration.between(Instant.parse(step.getStartedAt()), Instant.parse(step.getFinishedAt())).toMillis() + " ms)";
      System.out.printf("  %-22s %-10s %s%s%n", step.getName(), step.getState(), dash(step.getMessage()), took);
    }
    if (s.getReadOnlyWindow() != null) {
      System.out.printf("  read-only window: %s → %s (%s)%n", s.getReadOnlyWindow().getStartedAt(),
          dash(s.getReadOnlyWindow().getEndedAt()), dash(s.getReadOnlyWindow().getDuration()));
    }
    if (s.getVerification() != null) {
      System.out.printf("  verification: %d tables compared, %d differ%n",
          s.getVerification().getTablesCompared(), s.getVerification().getMismatches());
    }
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName("orders-db-connection").get();
    if (secret != null) {
      Map<String, String> data = secret.getData();
      System.out.printf("  Secret orders-db-connection: host=%s port=%s%n", decode(data.get("host")), decode(data.get("port")));
    }
    try (Connection c = source.connect(DATABASE); Statement st = c.createStatement()) {
      st.execute("DELETE FROM shop.audit_log");
      System.out.println("  a write on the source was accepted (the source is writable)");
    } catch (SQLException e) {
      System.out.printf("  a write on the source now fails: SQLSTATE %s (%s)%n", e.getSQLState(), e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static void copySnapshotData(Started source, Started target) throws SQLException {
    target.recreateDatabase(DATABASE);
    try (Connection from = source.connect(DATABASE); Connection to = target.connect(DATABASE)) {
      SampleSchema.createTables(to);
      DatabaseCopier.copy(from, to);
    }
  }

  private static long rows(Started server) throws SQLException {
    try (Connection c = server.connect(DATABASE); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT sum(n_live_tup) FROM pg_stat_user_tables")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String decode(String base64) {
    return base64 == null ? "-" : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }

  private static void say(String line) {
    System.out.println("==> " + line);
  }
}
