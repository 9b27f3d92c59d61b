package dev.dbops.aurora.demo;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.testing.LocalMigrationEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.dbops.aurora.testing.SampleSchema;
import dev.dbops.aurora.testing.ShopWriteLoad;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * A whole migration on this machine ({@link LocalMigrationEnvironment}): the real operator migrates the
 * example resource while this prints its progress like {@code kubectl get amig -w}, then a summary.
 */
public final class LocalMigrationDemo {
  private static final String NAMESPACE = "demo";
  private static final Set<MigrationPhase> DONE =
      Set.of(MigrationPhase.Completed, MigrationPhase.Failed, MigrationPhase.RolledBack);
  private static final String ROW = "%-8s %-12s %-21s %-10s %-10s %-8s %-9s %s%n";
  /** Held so the JUL level set on it is not garbage-collected away. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /** The application writes a round (an order, a payment, an audit row) this often, all through the demo. */
  private static final Duration PACE = Duration.ofMillis(20);

  public static void main(String[] args) throws Exception {
    quietLogs();
    Path example = Path.of(args.length > 0 ? args[0] : "../examples/local-demo/migration.yaml");
    say("starting the local Aurora (moto for the API, real PostgreSQL 13 and 15 for the data) and an in-process"
        + " Kubernetes API");
    try (LocalMigrationEnvironment env = new LocalMigrationEnvironment()) {
      var source = env.aurora.cluster(LocalMigrationEnvironment.SOURCE_CLUSTER).orElseThrow();
      say("source cluster " + LocalMigrationEnvironment.SOURCE_CLUSTER + " (Serverless v1, aurora-postgresql 13.12):"
          + " PostgreSQL " + source.major() + " at " + source.host() + ":" + source.port() + " with the sample shop database");
      env.startOperator();
      say("the shop application (" + SampleSchema.APP_ROLE + ") writes a round (order, payment, audit row) every "
          + PACE.toMillis() + " ms through the demo, to where the connection Secret points (the source until cutover)");
      try (ShopWriteLoad app = ShopWriteLoad.start(() -> whereTheAppConnects(env), LocalMigrationEnvironment.DATABASE,
          PACE)) {
        for (HasMetadata resource : env.apply(example, NAMESPACE)) {
          say("applied " + resource.getKind() + " " + resource.getMetadata().getName() + " (from " + example + ")");
        }
        AuroraMigration finished = watch(env);
        app.close();
        summariseApp(env, finished, app);
        summarise(env, finished);
      }
    }
    System.exit(0);
  }

  /** Prints a row whenever what {@code kubectl get amig} would show changes; returns the finished resource. */
  private static AuroraMigration watch(LocalMigrationEnvironment env) throws InterruptedException {
    System.out.printf("%n" + ROW, "NAME", "PHASE", "STEP", "SOURCE", "TARGET", "VERSION", "READ-ONLY", "MESSAGE");
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
    String last = "";
    while (Instant.now().isBefore(giveUp)) {
      AuroraMigration m = env.migration(NAMESPACE, "orders");
      AuroraMigrationStatus s = m.getStatus();
      if (s != null) {
        String key = s.getPhase() + "|" + s.getCurrentStep() + "|" + s.getMessage();
        if (!key.equals(last)) {
          System.out.printf(ROW, m.getMetadata().getName(), s.getPhase(), dash(s.getCurrentStep()),
              m.getSpec().getSource().getClusterIdentifier(), s.getTarget() == null ? "-" : s.getTarget().getIdentifier(),
              dash(s.getTargetEngineVersion()), s.getReadOnlyWindow() == null ? "-" : dash(s.getReadOnlyWindow().getDuration()),
              dash(s.getMessage()));
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

  private static void summarise(LocalMigrationEnvironment env, AuroraMigration m) {
    AuroraMigrationStatus s = m.getStatus();
    System.out.printf("%nSummary: %s — %s%n", s.getPhase(), s.getMessage());
    for (StepStatus step : s.getSteps()) {
      String took = step.getStartedAt() == null || step.getFinishedAt() == null ? "" : " ("
          + Duration.between(Instant.parse(step.getStartedAt()), Instant.parse(step.getFinishedAt())).toMillis() + " ms)";
      System.out.printf("  %-21s %-10s %s%s%n", step.getName(), step.getState(), dash(step.getMessage()), took);
    }
    if (s.getReadOnlyWindow() != null) {
      System.out.printf("  read-only window: %s → %s (%s)%n", s.getReadOnlyWindow().getStartedAt(),
          dash(s.getReadOnlyWindow().getEndedAt()), dash(s.getReadOnlyWindow().getDuration()));
    }
    if (s.getVerification() != null) {
      System.out.printf("  verification: %d tables compared, %d differ%n",
          s.getVerification().getTablesCompared(), s.getVerification().getMismatches());
    }
    env.aurora.log().stream().filter(l -> l.contains(" snapshot ") || l.contains("restored ") || l.contains("pg_upgrade "))
        .forEach(l -> System.out.printf("  local Aurora: %s%n", l.substring(l.indexOf(' ') + 1)));
    // Under BlueGreen the source's name is green's after switchover: the old source is blue, renamed by RDS.
    String oldSource = s.getBlueGreen() != null && s.getBlueGreen().getBlueClusterId() != null
        ? s.getBlueGreen().getBlueClusterId() : LocalMigrationEnvironment.SOURCE_CLUSTER;
    try (Connection c = env.connect(oldSource, LocalMigrationEnvironment.DATABASE);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO shop.audit_log (at, actor, action) VALUES (now(), 'demo', 'probe')");
      System.out.println("  a write on the old source " + oldSource + " was accepted (it is writable)");
    } catch (SQLException e) {
      // Only a session that keeps the read-only default is refused; the write fence covers the others.
      System.out.printf("  a write on the old source %s fails: SQLSTATE %s (%s)%n", oldSource, e.getSQLState(),
          e.getMessage().lines().findFirst().orElse(""));
    }
    if (s.getWriteFence() != null) {
      var fence = s.getWriteFence();
      System.out.printf("  write fence: %s, writes detected: %d (baseline %s, %d check(s))%n", fence.getResult(),
          fence.getWritesDetected() == null ? 0 : fence.getWritesDetected(), dash(fence.getBaselineAt()),
          fence.getChecks() == null ? 0 : fence.getChecks().size());
    }
    Secret secret = env.client.secrets().inNamespace(NAMESPACE).withName("orders-db-connection").get();
    if (secret != null) {
      Map<String, String> data = secret.getData();
      String host = decode(data.get("host"));
      String port = decode(data.get("port"));
      System.out.printf("  Secret orders-db-connection: host=%s port=%s%n", host, port);
      appWrites(host, port);
    }
  }

  /**
   * What the application saw: how long its writes were refused at a stretch, and whether every write it committed
   * is on the cluster it ended on. For BlueGreen also the window status reports and the downtime planned before it.
   */
  private static void summariseApp(LocalMigrationEnvironment env, AuroraMigration m, ShopWriteLoad app)
      throws SQLException {
    AuroraMigrationStatus s = m.getStatus();
    BlueGreenStatus bg = s.getBlueGreen();
    if (bg != null && bg.getSwitchoverStartedAt() != null && bg.getSwitchoverCompletedAt() != null) {
      System.out.printf("  write-blocked window (switchover, as status reports it): %s → %s (%d ms)%n",
          bg.getSwitchoverStartedAt(), bg.getSwitchoverCompletedAt(), Duration.between(
              Instant.parse(bg.getSwitchoverStartedAt()), Instant.parse(bg.getSwitchoverCompletedAt())).toMillis());
    }
    if (bg != null && bg.getRebootStartedAt() != null) {
      System.out.printf("  planned downtime before the deployment: reboot of %s for rds.logical_replication at %s%n",
          bg.getRebootedInstance(), bg.getRebootStartedAt());
    }
    if (bg != null && bg.getConversionStartedAt() != null) {
      System.out.printf("  planned downtime before the deployment: engine-mode conversion to %s at %s%n",
          bg.getConversionInstanceClass(), bg.getConversionStartedAt());
    }
    System.out.printf("  the application: %d rounds committed; writes refused in %d stretch(es), the longest %d ms%n",
        app.rounds(), app.blocked().size(), app.longestBlocked().toMillis());
    for (ShopWriteLoad.Blocked b : app.blocked()) {
      System.out.printf("    %s for %d ms (first: %s)%n", b.startedAt(), b.length().toMillis(),
          b.firstError().lines().findFirst().orElse(""));
    }
    ShopWriteLoad.Endpoint ended = whereTheAppConnects(env);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + ended.host() + ":" + ended.port() + "/"
        + LocalMigrationEnvironment.DATABASE, LocalMigrationEnvironment.MASTER, LocalMigrationEnvironment.MASTER_PASSWORD)) {
      List<String> lost = app.missingOn(c);
      System.out.printf("  every write the application committed is where it connects now (%s:%d): %s%n", ended.host(),
          ended.port(), lost.isEmpty() ? "yes" : "NO, " + lost.size() + " missing, e.g. " + lost.get(0));
    }
    if (app.unexpected() != null) {
      System.out.printf("  the application met an unexpected refusal: SQLSTATE %s%n", app.unexpected().getSQLState());
    }
  }

  /** Where the connection Secret points once the cutover wrote it; before that (and under BlueGreen), the source. */
  private static ShopWriteLoad.Endpoint whereTheAppConnects(LocalMigrationEnvironment env) {
    Secret secret = env.client.secrets().inNamespace(NAMESPACE).withName("orders-db-connection").get();
    if (secret != null && secret.getData() != null && secret.getData().get("host") != null) {
      return new ShopWriteLoad.Endpoint(decode(secret.getData().get("host")),
          Integer.parseInt(decode(secret.getData().get("port"))));
    }
    var source = env.aurora.cluster(LocalMigrationEnvironment.SOURCE_CLUSTER).orElseThrow();
    return new ShopWriteLoad.Endpoint(source.host(), source.port());
  }

  /** What the apps will do next: write, as their own role, where the cutover Secret points. */
  private static void appWrites(String host, String port) {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + LocalMigrationEnvironment.DATABASE;
    try (Connection c = DriverManager.getConnection(url, SampleSchema.APP_ROLE, SampleSchema.APP_PASSWORD);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO shop.audit_log (at, actor, action) VALUES (now(), 'shop_app', 'order')");
      System.out.printf("  %s INSERT on the target through the Secret: accepted%n", SampleSchema.APP_ROLE);
    } catch (SQLException e) {
      System.out.printf("  %s INSERT on the target through the Secret: refused, SQLSTATE %s (%s)%n", SampleSchema.APP_ROLE,
          e.getSQLState(), e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Only the demo's own lines: the servers' and clients' logs would bury the progress table. */
  private static void quietLogs() {
    ch.qos.logback.classic.Level error = ch.qos.logback.classic.Level.ERROR;
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(error);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fabric8")).setLevel(error);
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
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
