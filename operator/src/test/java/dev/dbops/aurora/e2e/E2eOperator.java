package dev.dbops.aurora.e2e;

import dev.dbops.aurora.HealthServer;
import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.testing.DatabaseCopier;
import dev.dbops.aurora.testing.RestoreCopiesData;
import dev.dbops.aurora.testing.SampleSchema;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as {@code AuroraOperator} runs it (configuration from AURORA_* variables, the real
 * {@link OperatorRuntime} with server-side apply, {@link SdkAwsRegions} on the endpoint given, health
 * server), with two differences the end-to-end migration needs:
 *
 * <ul>
 *   <li>moto restores a snapshot as metadata only, so {@link RestoreCopiesData} copies database
 *       {@code shop} from the source PostgreSQL (E2E_SOURCE_PORT) into the target's (E2E_TARGET_PORT)
 *       when RestoreDBClusterFromSnapshot is called, as AWS storage would;
 *   <li>migration polls are seconds instead of tens of seconds, as moto finishes at once.
 * </ul>
 */
public final class E2eOperator {
  private static final MigrationTimings FAST =
      new MigrationTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(3));

  private E2eOperator() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config = OperatorConfig.fromEnvironment();
    System.setProperty("aurora.log.level", config.logLevel());
    Logger log = LoggerFactory.getLogger(E2eOperator.class);
    int sourcePort = Integer.parseInt(required("E2E_SOURCE_PORT"));
    int targetPort = Integer.parseInt(required("E2E_TARGET_PORT"));

    KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
    SdkAwsRegions sdk = new SdkAwsRegions(config.awsSettings());
    OperatorRuntime runtime;
    HealthServer health;
    try {
      runtime = new OperatorRuntime(client,
          RestoreCopiesData.wrap(sdk, () -> copyShop(sourcePort, targetPort, log)),
          config, ClusterTimings.standard(config.resyncInterval()), FAST, true);
      health = new HealthServer(config.healthPort(), runtime::isReady);
      health.start();
      runtime.start();
    } catch (Exception e) {
      log.error("could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.close();
      } finally {
        health.close();
        client.close();
        sdk.close();
        stopped.countDown();
      }
    }, "shutdown"));
    log.info("e2e operator started; health on port {}", health.port());
    stopped.await();
  }

  /** What the restore brings along in AWS: the source's rows, in a fresh target database. */
  private static void copyShop(int sourcePort, int targetPort, Logger log) throws SQLException {
    try (Connection admin = connect(targetPort, "postgres"); Statement s = admin.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'shop' AND pid <> pg_backend_pid()");
      s.execute("DROP DATABASE IF EXISTS shop");
      s.execute("CREATE DATABASE shop");
    }
    try (Connection from = connect(sourcePort, "shop"); Connection to = connect(targetPort, "shop")) {
      SampleSchema.createTables(to);
      long rows = DatabaseCopier.copy(from, to);
      log.info("e2e: the restore copied {} rows of database shop from port {} to port {}", rows, sourcePort, targetPort);
    }
  }

  private static Connection connect(int port, String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, "postgres", "postgres");
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println("E2eOperator: " + name + " is not set");
      System.exit(2);
    }
    return value;
  }
}
