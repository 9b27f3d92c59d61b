package dev.dbops.aurora.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Lets the SDK's CloudWatch client talk to moto. Since 2025 the SDK sends CloudWatch calls in the Smithy
 * RPC v2 CBOR protocol (POST /service/GraniteServiceVersion20100801/operation/{Op}, CBOR body); moto
 * understands CloudWatch only as Query or JSON 1.0 and answers the CBOR path with 404. This loopback
 * server re-encodes each request as JSON 1.0 (X-Amz-Target) for moto and moto's JSON answer as CBOR.
 * Both encodings carry the same data model (timestamps are epoch seconds in both), so only the envelope
 * changes. Point CloudWatch clients at {@link #endpoint()}; everything else still goes to moto directly.
 */
public final class CloudWatchOnMoto implements AutoCloseable {
  private static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final HttpServer server;

  public CloudWatchOnMoto() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::forward);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String operation = path.substring(path.lastIndexOf('/') + 1);
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode request = body.length == 0 ? JSON.createObjectNode() : CBOR.readTree(body);
      HttpRequest.Builder toMoto = HttpRequest.newBuilder(MotoServer.endpoint().resolve("/"))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/x-amz-json-1.0")
          .header("X-Amz-Target", TARGET_PREFIX + "." + operation)
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)));
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null) {
        // moto reads the service and region from the credential scope.
        toMoto.header("Authorization", authorization);
      }
      HttpResponse<byte[]> answer = HTTP.send(toMoto.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] json = answer.body();
      JsonNode response = json.length == 0 ? JSON.createObjectNode() : JSON.readTree(json);
      byte[] cbor = CBOR.writeValueAsBytes(response);
      exchange.getResponseHeaders().add("Content-Type", "application/cbor");
      exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
      exchange.sendResponseHeaders(answer.statusCode(), cbor.length);
      exchange.getResponseBody().write(cbor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
