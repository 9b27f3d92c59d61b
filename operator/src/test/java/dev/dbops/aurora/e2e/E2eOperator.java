package dev.dbops.aurora.e2e;

import dev.dbops.aurora.AuroraOperator;
import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.testing.DatabaseCopier;
import dev.dbops.aurora.testing.RestoreCopiesData;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator exactly as {@link AuroraOperator} runs it (configuration from AURORA_* variables, the real
 * {@link OperatorRuntime} with server-side apply, {@link SdkAwsRegions} on the endpoint given, health and
 * metrics endpoints), with two differences the end-to-end migration needs:
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
    int sourcePort = Integer.parseInt(required("E2E_SOURCE_PORT"));
    int targetPort = Integer.parseInt(required("E2E_TARGET_PORT"));
    new AuroraOperator((client, config, metrics) -> new OperatorRuntime(
        client,
        RestoreCopiesData.wrap(new SdkAwsRegions(config.awsSettings()), () -> copyShop(sourcePort, targetPort)),
        config,
        ClusterTimings.standard(config.resyncInterval()),
        FAST,
        true,
        metrics)).run();
  }

  /** What the restore brings along in AWS: the source's rows, in a fresh target database. */
  private static void copyShop(int sourcePort, int targetPort) throws SQLException {
    // Looked up here, not in main: AuroraOperator sets the log level before logging starts.
    Logger log = LoggerFactory.getLogger(E2eOperator.class);
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
