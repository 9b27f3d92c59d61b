package dev.dbops.aurora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {

  @Test
  void emptyEnvironmentGivesDocumentedDefaults() {
    OperatorConfig config = OperatorConfig.from(Map.of());

    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.defaultRegion()).isEqualTo("us-east-1");
    assertThat(config.awsEndpoint()).isEmpty();
    assertThat(config.reconcileConcurrency()).isEqualTo(10);
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.inventoryRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.awsMaxAttempts()).isEqualTo(5);
    assertThat(config.logLevel()).isEqualTo("INFO");
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.TEXT);
    assertThat(config.healthPort()).isEqualTo(8081);
    assertThat(config.metricsPort()).isEqualTo(8080);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaderElectionNamespace()).isEmpty();
    assertThat(config.leaderElectionName()).isEqualTo("aurora-operator");
  }

  @Test
  void readsEveryVariable() {
    OperatorConfig config = OperatorConfig.from(Map.ofEntries(
        Map.entry("AURORA_WATCH_NAMESPACES", " apps, data ,,"),
        Map.entry("AURORA_DEFAULT_REGION", "eu-west-1"),
        Map.entry("AURORA_AWS_ENDPOINT", "http://moto:5000"),
        Map.entry("AURORA_RECONCILE_CONCURRENCY", "3"),
        Map.entry("AURORA_RESYNC_INTERVAL", "1h"),
        Map.entry("AURORA_INVENTORY_REFRESH_INTERVAL", "500ms"),
        Map.entry("AURORA_AWS_MAX_ATTEMPTS", "8"),
        Map.entry("AURORA_LOG_LEVEL", "debug"),
        Map.entry("AURORA_LOG_FORMAT", "json"),
        Map.entry("AURORA_HEALTH_PORT", "9081"),
        Map.entry("AURORA_METRICS_PORT", "9080"),
        Map.entry("AURORA_LEADER_ELECTION", "true"),
        Map.entry("AURORA_LEADER_ELECTION_NAMESPACE", "ops"),
        Map.entry("AURORA_LEADER_ELECTION_NAME", "aurora-lease")));

    assertThat(config.watchNamespaces()).containsExactly("apps", "data");
    assertThat(config.defaultRegion()).isEqualTo("eu-west-1");
    assertThat(config.awsEndpoint()).contains(URI.create("http://moto:5000"));
    assertThat(config.reconcileConcurrency()).isEqualTo(3);
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(config.inventoryRefreshInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.awsMaxAttempts()).isEqualTo(8);
    assertThat(config.logLevel()).isEqualTo("DEBUG");
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.JSON);
    assertThat(config.healthPort()).isEqualTo(9081);
    assertThat(config.metricsPort()).isEqualTo(9080);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).contains("ops");
    assertThat(config.leaderElectionName()).isEqualTo("aurora-lease");
    assertThat(config.awsSettings().endpointOverride()).contains(URI.create("http://moto:5000"));
    assertThat(config.awsSettings().maxAttempts()).isEqualTo(8);
  }

  @Test
  void fallsBackToStandardAwsAndPodVariables() {
    OperatorConfig config = OperatorConfig.from(Map.of(
        "AWS_REGION", "ap-southeast-2",
        "AWS_ENDPOINT_URL", "http://localstack:4566",
        "POD_NAMESPACE", "aurora-system"));

    assertThat(config.defaultRegion()).isEqualTo("ap-southeast-2");
    assertThat(config.awsEndpoint()).contains(URI.create("http://localstack:4566"));
    assertThat(config.leaderElectionNamespace()).contains("aurora-system");
  }

  @Test
  void ownVariablesWinOverFallbacks() {
    OperatorConfig config = OperatorConfig.from(Map.of(
        "AWS_REGION", "ap-southeast-2", "AURORA_DEFAULT_REGION", "eu-central-1",
        "POD_NAMESPACE", "aurora-system", "AURORA_LEADER_ELECTION_NAMESPACE", "ops"));

    assertThat(config.defaultRegion()).isEqualTo("eu-central-1");
    assertThat(config.leaderElectionNamespace()).contains("ops");
  }

  @Test
  void propertiesFileIsReadAndEnvironmentWins(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("aurora.properties");
    Files.writeString(file, """
        AURORA_DEFAULT_REGION=eu-north-1
        AURORA_RESYNC_INTERVAL=30s
        AURORA_WATCH_NAMESPACES=from-file
        """);

    OperatorConfig config = OperatorConfig.from(Map.of(
        "AURORA_CONFIG_FILE", file.toString(), "AURORA_WATCH_NAMESPACES", "from-env"));

    assertThat(config.defaultRegion()).isEqualTo("eu-north-1");
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.watchNamespaces()).containsExactly("from-env");
  }

  @Test
  void missingPropertiesFileFailsNamingTheVariable(@TempDir Path dir) {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("AURORA_CONFIG_FILE", dir.resolve("nope").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AURORA_CONFIG_FILE");
  }

  @ParameterizedTest
  @CsvSource({
      "AURORA_RESYNC_INTERVAL, 5 minutes",
      "AURORA_RESYNC_INTERVAL, 0s",
      "AURORA_INVENTORY_REFRESH_INTERVAL, -3s",
      "AURORA_RECONCILE_CONCURRENCY, 0",
      "AURORA_RECONCILE_CONCURRENCY, ten",
      "AURORA_AWS_MAX_ATTEMPTS, 1.5",
      "AURORA_HEALTH_PORT, 70000",
      "AURORA_METRICS_PORT, http",
      "AURORA_LOG_LEVEL, LOUD",
      "AURORA_LOG_FORMAT, xml",
      "AURORA_LEADER_ELECTION, yes",
      "AURORA_AWS_ENDPOINT, not a url"
  })
  void invalidValueFailsNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable + "=")
        .hasMessageContaining(value);
  }

  @Test
  void blankValuesMeanUnset() {
    OperatorConfig config = OperatorConfig.from(Map.of("AURORA_RESYNC_INTERVAL", " ", "AURORA_LOG_FORMAT", ""));

    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.TEXT);
    assertThat(config.awsEndpoint()).isEqualTo(Optional.empty());
  }
}
