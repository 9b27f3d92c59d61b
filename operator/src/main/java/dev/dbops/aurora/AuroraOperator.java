package dev.dbops.aurora;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.metrics.AwsCallMetrics;
import dev.dbops.aurora.metrics.MetricsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: configuration, Kubernetes client, AWS, health endpoints, clean stop on SIGTERM. */
public final class AuroraOperator {
  /** Builds the operator's reconcilers from its client, configuration and metrics registry. */
  @FunctionalInterface
  public interface RuntimeFactory {
    OperatorRuntime create(KubernetesClient client, OperatorConfig config, MeterRegistry metrics);
  }

  private final RuntimeFactory runtimes;

  /** @param runtimes the reconcilers to run; tests and tools swap AWS or timings here, nothing else */
  public AuroraOperator(RuntimeFactory runtimes) {
    this.runtimes = runtimes;
  }

  public static void main(String[] args) throws Exception {
    new AuroraOperator((client, config, metrics) -> {
      AwsRegions regions = sdkRegions(config.awsSettings(), metrics);
      AwsWarmUp.inBackground(regions);
      return new OperatorRuntime(client, regions, config, metrics);
    }).run();
  }

  /** The one line that binds the real AWS SDK implementation. */
  /** The registry /metrics serves, with the JVM's memory and thread meters the chart's dashboard shows. */
  public static PrometheusMeterRegistry metricsRegistry() {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    return metrics;
  }

  static AwsRegions sdkRegions(AwsSettings settings, MeterRegistry metrics) {
    return new SdkAwsRegions(settings, List.of(new AwsCallMetrics(metrics)));
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
    MetricsServer metricsServer;
    PrometheusMeterRegistry metrics = metricsRegistry();
    try {
      runtime = runtimes.create(client, config, metrics);
      health = new HealthServer(config.healthPort(), runtime::isReady);
      health.start();
      metricsServer = new MetricsServer(config.metricsPort(), metrics);
      metricsServer.start();
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
        metricsServer.close();
        client.close();
        stopped.countDown();
      }
    }, "shutdown"));
    log.info("started; health on port {}, metrics on port {}", health.port(), metricsServer.port());
    stopped.await();
  }
}
