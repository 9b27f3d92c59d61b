package dev.dbops.aurora.config;

import dev.dbops.aurora.aws.AwsSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings of one operator process, read once at start. Values come from environment variables or from
 * a properties file named by AURORA_CONFIG_FILE with the same keys; the environment wins so a Helm
 * value can override a mounted file.
 */
public record OperatorConfig(
    List<String> watchNamespaces,
    String defaultRegion,
    Optional<URI> awsEndpoint,
    int reconcileConcurrency,
    Duration resyncInterval,
    Duration inventoryRefreshInterval,
    int awsMaxAttempts,
    String logLevel,
    LogFormat logFormat,
    int healthPort,
    int metricsPort,
    boolean leaderElection,
    Optional<String> leaderElectionNamespace,
    String leaderElectionName) {

  public enum LogFormat {
    TEXT,
    JSON
  }

  private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  public OperatorConfig {
    watchNamespaces = List.copyOf(watchNamespaces);
  }

  /** Empty means every namespace. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  public AwsSettings awsSettings() {
    return new AwsSettings(defaultRegion, awsEndpoint, inventoryRefreshInterval, awsMaxAttempts);
  }

  public static OperatorConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the settings from these variables plus the file AURORA_CONFIG_FILE names, if any. */
  public static OperatorConfig from(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>();
    String file = env.get("AURORA_CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file.trim())));
    }
    env.forEach((k, v) -> {
      if (v != null) {
        merged.put(k, v);
      }
    });
    return parse(new Values(merged));
  }

  private static OperatorConfig parse(Values v) {
    return new OperatorConfig(
        v.list("AURORA_WATCH_NAMESPACES"),
        v.first("AURORA_DEFAULT_REGION", "AWS_REGION").orElse("us-east-1"),
        v.first("AURORA_AWS_ENDPOINT", "AWS_ENDPOINT_URL").map(s -> uri("AURORA_AWS_ENDPOINT", s)),
        v.positiveInt("AURORA_RECONCILE_CONCURRENCY", 10),
        v.duration("AURORA_RESYNC_INTERVAL", Duration.ofMinutes(5)),
        v.duration("AURORA_INVENTORY_REFRESH_INTERVAL", Duration.ofSeconds(30)),
        v.positiveInt("AURORA_AWS_MAX_ATTEMPTS", 5),
        v.oneOf("AURORA_LOG_LEVEL", LOG_LEVELS, "INFO"),
        LogFormat.valueOf(v.oneOf("AURORA_LOG_FORMAT", List.of("TEXT", "JSON"), "TEXT")),
        v.port("AURORA_HEALTH_PORT", 8081),
        v.port("AURORA_METRICS_PORT", 8080),
        v.bool("AURORA_LEADER_ELECTION", false),
        v.first("AURORA_LEADER_ELECTION_NAMESPACE", "POD_NAMESPACE"),
        v.first("AURORA_LEADER_ELECTION_NAME").orElse("aurora-operator"));
  }

  /** Durations as operators write them: 500ms, 30s, 5m, 1h. */
  static Duration parseDuration(String variable, String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        throw new NumberFormatException();
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw invalid(variable, text, "a positive duration such as 30s, 5m or 1h");
    }
  }

  private static Map<String, String> readFile(Path path) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("AURORA_CONFIG_FILE: cannot read " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
    return values;
  }

  private static URI uri(String variable, String text) {
    try {
      URI uri = URI.create(text.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw invalid(variable, text, "a URL such as http://localhost:5000");
    }
  }

  private static IllegalArgumentException invalid(String variable, String value, String expected) {
    return new IllegalArgumentException(variable + "='" + value + "' is invalid: expected " + expected);
  }

  /** Raw values with blank treated as unset. */
  private record Values(Map<String, String> raw) {

    Optional<String> first(String... names) {
      return Arrays.stream(names)
          .map(raw::get)
          .filter(s -> s != null && !s.isBlank())
          .map(String::trim)
          .findFirst();
    }

    List<String> list(String name) {
      return first(name)
          .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList())
          .orElse(List.of());
    }

    int positiveInt(String name, int fallback) {
      return first(name).map(s -> {
        try {
          int n = Integer.parseInt(s);
          if (n < 1) {
            throw new NumberFormatException();
          }
          return n;
        } catch (NumberFormatException e) {
          throw invalid(name, s, "a whole number of at least 1");
        }
      }).orElse(fallback);
    }

    int port(String name, int fallback) {
      int port = positiveInt(name, fallback);
      if (port > 65535) {
        throw invalid(name, String.valueOf(port), "a port from 1 to 65535");
      }
      return port;
    }

    Duration duration(String name, Duration fallback) {
      return first(name).map(s -> parseDuration(name, s)).orElse(fallback);
    }

    boolean bool(String name, boolean fallback) {
      return first(name).map(s -> switch (s.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw invalid(name, s, "true or false");
      }).orElse(fallback);
    }

    String oneOf(String name, List<String> allowed, String fallback) {
      return first(name).map(s -> {
        String upper = s.toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
          throw invalid(name, s, "one of " + String.join(", ", allowed).toLowerCase(Locale.ROOT));
        }
        return upper;
      }).orElse(fallback);
    }
  }
}
