package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.metrics.AllocatedBytes;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's baseline: the least a Reactor Netty WebSocket server can do, echoing every text
 * frame at {@code /echo}. The hub's echo is compared with this on the same machine in the same run,
 * so the ratio shows what the hub's protocol, dispatch and view models cost. It also serves the one
 * figure bin/bench reads from every server, the heap bytes allocated so far, in the Prometheus text
 * format at the Spring servers' path.
 */
public final class RawEchoServer implements AutoCloseable {

  public static final String PATH = "/echo";
  static final String METRICS_PATH = "/actuator/prometheus";

  private final DisposableServer server;

  public RawEchoServer(String host, int port) {
    this.server = HttpServer.create().host(host).port(port)
        .route(routes -> routes
            .ws(PATH, (in, out) -> out.sendObject(
                in.receiveFrames().filter(f -> f instanceof TextWebSocketFrame).map(WebSocketFrame::retain)))
            .get(METRICS_PATH, (request, response) -> response.header("Content-Type", "text/plain; version=0.0.4")
                .sendString(Mono.fromSupplier(() -> "jvm_gc_memory_allocated_bytes_total " + AllocatedBytes.total() + "\n"))))
        .bindNow();
  }

  public int port() {
    return server.port();
  }

  /** The URL load tests connect to. */
  public String url() {
    return "ws://127.0.0.1:" + port() + PATH;
  }

  public void awaitShutdown() {
    server.onDispose().block();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
