package dev.dbops.aurora.testing.rds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.UUID;

/**
 * One HTTP request to a stage in front of RDS (moto, or another stage) and its answer: whether it is an
 * RDS call, its Query request, forwarding it downstream as received (or rewritten), and answering with
 * the downstream's answer, a rewritten one, or an {@link RdsError}.
 */
public final class RdsExchange {
  private final HttpExchange exchange;
  private final byte[] body;

  private RdsExchange(HttpExchange exchange, byte[] body) {
    this.exchange = exchange;
    this.body = body;
  }

  /** What a stage does with one RDS call. */
  public interface Stage {
    void handle(RdsExchange exchange, QueryRequest call) throws IOException;
  }

  /**
   * A stage's HTTP handler: RDS calls go to {@code stage}, every other request downstream untouched. A
   * stage that breaks answers InternalFailure, as RDS does when it breaks.
   */
  public static HttpHandler handler(Downstream downstream, Stage stage) {
    return http -> {
      try (http) {
        RdsExchange exchange = new RdsExchange(http, http.getRequestBody().readAllBytes());
        try {
          if (exchange.isRds()) {
            stage.handle(exchange, exchange.request());
          } else {
            exchange.relay(exchange.forward(downstream));
          }
        } catch (RuntimeException e) {
          System.err.println("RDS stage in front of " + downstream + ": " + e);
          exchange.answer(RdsError.internalFailure());
        }
      }
    };
  }

  /** An RDS Query call (by its SigV4 scope); anything else passes the stages untouched. */
  public boolean isRds() {
    return QueryRequest.isRds(exchange.getRequestMethod(), authorization(),
        exchange.getRequestHeaders().getFirst("Content-Type"));
  }

  public QueryRequest request() {
    return QueryRequest.parse(body);
  }

  /** The caller's signature, for a stage's own describes downstream. */
  public String authorization() {
    return exchange.getRequestHeaders().getFirst("Authorization");
  }

  /** The request as it came: method, path, query, headers and body. */
  public Downstream.Answer forward(Downstream downstream) {
    return downstream.send(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        exchange.getRequestHeaders(), body);
  }

  /** The caller's headers with a body a stage rewrote (lower-cased identifiers, paging removed). */
  public Downstream.Answer forward(Downstream downstream, QueryRequest request) {
    return downstream.send("POST", exchange.getRequestURI().toString(), exchange.getRequestHeaders(), request.encode());
  }

  /** The downstream's answer as it is. */
  public void relay(Downstream.Answer answer) throws IOException {
    relay(answer, answer.body());
  }

  /** The downstream's status and headers with a (rewritten) body. */
  public void relay(Downstream.Answer answer, byte[] body) throws IOException {
    answer.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
          && !name.equalsIgnoreCase("connection") && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    send(answer.status(), body);
  }

  public void answer(RdsError error) throws IOException {
    answer(error.status(), error.toXml());
  }

  /** An answer a stage wrote itself. */
  public void answer(int status, byte[] xml) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    send(status, xml);
  }

  private void send(int status, byte[] out) throws IOException {
    exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    exchange.getResponseBody().write(out);
  }
}
