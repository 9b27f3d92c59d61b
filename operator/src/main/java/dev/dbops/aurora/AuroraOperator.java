package dev.dbops.aurora;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: configuration, Kubernetes client, AWS, health endpoints, clean stop on SIGTERM. */
public final class AuroraOperator {
  private final Function<AwsSettings, AwsRegions> awsRegions;

  /** @param awsRegions builds the AWS clients from the operator's settings (SdkAwsRegions in production) */
  public AuroraOperator(Function<AwsSettings, AwsRegions> awsRegions) {
    this.awsRegions = awsRegions;
  }

  public static void main(String[] args) throws Exception {
    new AuroraOperator(AuroraOperator::sdkRegions).run();
  }

  /** The one line that binds the real AWS SDK implementation. */
  static AwsRegions sdkRegions(AwsSettings settings) {
    return new SdkAwsRegions(settings);
  }

  public void run() throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("aurora-operator: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Logback reads these when the first logger is created, which is only after this point.
    System.setProperty("aurora.log.level", config.logLevel());
    System.setProperty("aurora.log.format", config.logFormat().name().toLowerCase(Locale.ROOT));
    Logger log = LoggerFactory.getLogger(AuroraOperator.class);
    log.info("starting: namespaces={}, region={}, concurrency={}, resync={}, leaderElection={}",
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(), config.defaultRegion(),
        config.reconcileConcurrency(), config.resyncInterval(), config.leaderElection());

    // JOSDK brings both the JDK and the Vert.x HTTP client; naming one avoids a random pick at start.
    KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
    OperatorRuntime runtime;
    HealthServer health;
    try {
      runtime = new OperatorRuntime(client, awsRegions.apply(config.awsSettings()), config);
      health = new HealthServer(config.healthPort(), runtime::isReady);
      health.start();
      runtime.start();
    } catch (Exception e) {
      // Client threads are not daemons: without an explicit exit a failed start would hang the pod.
      log.error("could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      try {
        runtime.close();
      } finally {
        health.close();
        client.close();
        stopped.countDown();
      }
    }, "shutdown"));
    log.info("started; health on port {}", health.port());
    stopped.await();
  }
}
