package dev.dbops.aurora.e2e;

import dev.dbops.aurora.AuroraOperator;
import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.migration.MigrationTimings;
import java.time.Duration;

/**
 * The operator exactly as {@link AuroraOperator} runs it (configuration from AURORA_* variables, the real
 * {@link OperatorRuntime} with server-side apply, {@link SdkAwsRegions} on the endpoint given, health and
 * metrics endpoints), with one difference: migration polls are seconds instead of tens of seconds, as
 * the local Aurora (AURORA_AWS_ENDPOINT, see {@code testing.aurora.LocalAurora}) finishes in seconds.
 */
public final class E2eOperator {
  private static final MigrationTimings FAST =
      new MigrationTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(3));

  private E2eOperator() {}

  public static void main(String[] args) throws Exception {
    new AuroraOperator((client, config, metrics) -> new OperatorRuntime(
        client,
        new SdkAwsRegions(config.awsSettings()),
        config,
        ClusterTimings.standard(config.resyncInterval()),
        FAST,
        true,
        metrics)).run();
  }
}
