package dev.dbops.aurora;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server as the operator's small endpoints (health, metrics) use it: one daemon thread,
 * so an endpoint never keeps a stopping process alive.
 */
public final class HttpEndpoints {
  private HttpEndpoints() {}

  public static HttpServer bind(int port, String threadName) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    }));
    return server;
  }
}
