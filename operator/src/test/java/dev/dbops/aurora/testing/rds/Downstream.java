package dev.dbops.aurora.testing.rds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The next stage: moto, or another stage in front of it. Passes method, path, query, body and headers
 * (signature included: the Authorization header carries the region and service moto routes by).
 */
public final class Downstream {
  /** Headers the JDK client sets itself or refuses to forward. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "te", "trailer");

  public record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Downstream(URI base) {
    this.base = base;
  }

  public Answer send(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(60))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("downstream " + base + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return base.toString();
  }

  /** An RDS Query request of our own (a describe before a write), signed as the caller's was. */
  public Answer query(QueryRequest request, String authorization) {
    Map<String, List<String>> headers = authorization == null
        ? Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"))
        : Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
            "Authorization", List.of(authorization));
    return send("POST", "/", headers, request.encode());
  }
}
