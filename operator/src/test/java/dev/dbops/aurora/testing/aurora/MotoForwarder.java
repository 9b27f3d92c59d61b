package dev.dbops.aurora.testing.aurora;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP part of the proxy: every request goes to moto as it came (method, path, query, body and
 * headers, signature included); RDS calls pass {@link RdsActions} on the way there and back, and their
 * answers are rewritten by {@link RdsXml}. Calls of other services are not touched.
 */
final class MotoForwarder {
  private static final Logger log = LoggerFactory.getLogger(MotoForwarder.class);
  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI moto;
  private final RdsActions actions;

  MotoForwarder(URI moto, RdsActions actions) {
    this.moto = moto;
    this.actions = actions;
  }

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Optional<RdsRequest> call = RdsRequest.parse(exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Content-Type"), body);
      try {
        call.ifPresent(actions::before);
        HttpResponse<byte[]> answer = toMoto(exchange, body);
        byte[] out = answer.body();
        if (call.isPresent()) {
          Optional<RdsXml> xml = RdsXml.parse(out);
          if (answer.statusCode() == 200 && xml.isPresent()) {
            actions.after(call.get(), xml.get());
          }
          if (xml.isPresent() && xml.get().rewrite(actions::view)) {
            out = xml.get().bytes();
          }
        }
        answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
        send(exchange, answer.statusCode(), out);
      } catch (RdsFault fault) {
        log.info("local Aurora refused {}: {} {}", call.map(RdsRequest::action).orElse("?"), fault.code(), fault.getMessage());
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        send(exchange, fault.httpStatus(), fault.toXml().getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        // The data plane failed (initdb, pg_basebackup, a server that did not start): an internal error, as AWS
        // would answer, with the tool's message, which never holds a password (passwords go through files).
        log.warn("local Aurora failed on {}", call.map(RdsRequest::action).orElse("a call"), e);
        RdsFault fault = new RdsFault("InternalFailure", "local Aurora data plane: " + e.getMessage(), 500);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        send(exchange, 500, fault.toXml().getBytes(StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> toMoto(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    URI uri = moto.resolve(exchange.getRequestURI().toString());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }
}
