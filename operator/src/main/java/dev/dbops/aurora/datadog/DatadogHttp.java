package dev.dbops.aurora.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Datadog's HTTP API on the JDK's HTTP client: the two key headers on every request, JSON in and out,
 * 429 answers retried a bounded number of times (and 5xx too, except for creates), and every failure a
 * {@link DatadogException}
 * that names the operation and the status, never the keys or a body.
 */
final class DatadogHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Attempts after the first, for rate limits and 5xx (as Datadog's Java client was configured). */
  static final int MAX_RETRIES = 3;
  /** Waits without a rate-limit header: 2, 4, 8 s (Datadog's Java client's backoff). */
  static final Duration BACKOFF_BASE = Duration.ofSeconds(2);
  /**
   * A rate limit announced to reset later than this fails the call instead: a reconciler thread should not
   * sleep for minutes, and the next reconcile tries again.
   */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** One client for every connection: the keys travel per request, and each client owns a selector thread. */
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  private final URI base;
  private final DatadogConnection connection;
  private final Duration backoffBase;

  DatadogHttp(DatadogConnection connection, Duration backoffBase) {
    // Only scheme and authority of an endpoint count, as with Datadog's client: the API paths are absolute.
    this.base = connection.endpoint()
        .map(e -> URI.create(e.getScheme() + "://" + e.getRawAuthority()))
        .orElseGet(() -> URI.create("https://api." + connection.site()));
    this.connection = connection;
    this.backoffBase = backoffBase;
  }

  JsonNode get(String operation, String path, Map<String, String> query) {
    String encoded = query.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return call(operation, "GET", encoded.isEmpty() ? path : path + "?" + encoded, null, true);
  }

  /**
   * Creates; a 5xx is not retried. Datadog may have created the monitor before failing to answer, and a
   * second POST would create a second one; the next reconcile looks it up by name before creating. A 429
   * is still retried: Datadog refused that request without applying it.
   */
  JsonNode post(String operation, String path, JsonNode body) {
    return call(operation, "POST", path, body, false);
  }

  /** Updates; idempotent, so a 5xx is retried. */
  JsonNode put(String operation, String path, JsonNode body) {
    return call(operation, "PUT", path, body, true);
  }

  /** Deletes; a 404 means someone deleted it first, which is what was wanted. */
  void delete(String operation, String path) {
    try {
      call(operation, "DELETE", path, null, true);
    } catch (DatadogException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /** @param idempotent whether sending the request again after a 5xx cannot apply it twice */
  private JsonNode call(String operation, String method, String pathAndQuery, JsonNode body, boolean idempotent) {
    HttpRequest request = request(operation, method, pathAndQuery, body);
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // The exception's kind (ConnectException, HttpConnectTimeoutException …) tells refused from slow;
        // its message is left out, like answer bodies.
        throw new DatadogException(operation, 0, "no answer: " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatadogException(operation, 0);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return parse(operation, status, response.body());
      }
      Optional<Duration> wait = retryable(status, idempotent) && attempt < MAX_RETRIES
          ? waitBeforeRetry(response.headers(), attempt, backoffBase) : Optional.empty();
      if (wait.isEmpty()) {
        // Datadog's {"errors": [...]} stays unread: the status says what matters, as before.
        throw new DatadogException(operation, status);
      }
      sleep(operation, wait.get());
    }
  }

  private HttpRequest request(String operation, String method, String pathAndQuery, JsonNode body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header("User-Agent", "aurora-operator")
        .header("DD-API-KEY", connection.apiKey().reveal())
        .header("DD-APPLICATION-KEY", connection.applicationKey().reveal());
    if (body == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    try {
      return builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the body of Datadog " + operation, e);
    }
  }

  private static boolean retryable(int status, boolean idempotent) {
    return status == 429 || idempotent && status >= 500;
  }

  /**
   * How long to wait before attempt {@code attempt + 1}: Datadog's X-RateLimit-Reset (seconds until its
   * window resets), else a proxy's Retry-After in seconds, else 2, 4, 8 s; empty when the announced wait
   * is longer than {@link #LONGEST_WAIT}.
   */
  static Optional<Duration> waitBeforeRetry(HttpHeaders headers, int attempt, Duration backoffBase) {
    Optional<Duration> announced = seconds(headers, "X-RateLimit-Reset").or(() -> seconds(headers, "Retry-After"));
    Duration wait = announced.orElse(backoffBase.multipliedBy(1L << attempt));
    return wait.compareTo(LONGEST_WAIT) > 0 ? Optional.empty() : Optional.of(wait);
  }

  private static Optional<Duration> seconds(HttpHeaders headers, String name) {
    // Retry-After may also be an HTTP date; that form falls back to the backoff.
    return headers.firstValue(name).map(String::trim).filter(v -> v.matches("\\d{1,9}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }

  private static void sleep(String operation, Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatadogException(operation, 0);
    }
  }

  private static JsonNode parse(String operation, int status, byte[] body) {
    if (body.length == 0) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new DatadogException(operation, status, "the answer is not JSON");
    }
  }

  private static String encode(String value) {
    // %20 for a space, as Datadog's client sent it; URLEncoder writes form encoding (+).
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "DatadogHttp[" + base + "]";
  }
}
