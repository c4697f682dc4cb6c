package io.hubscope.loadtest.bench;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's baseline: the least a Reactor Netty WebSocket server can do, echoing every text
 * frame at {@code /echo}. The hub's echo is compared with this on the same machine in the same run,
 * so the ratio shows what the hub's protocol, dispatch and view models cost.
 */
public final class RawEchoServer implements AutoCloseable {

  public static final String PATH = "/echo";

  private final DisposableServer server;

  public RawEchoServer(String host, int port) {
    this.server = HttpServer.create().host(host).port(port)
        .route(routes -> routes.ws(PATH, (in, out) -> out.sendObject(
            in.receiveFrames().filter(f -> f instanceof TextWebSocketFrame).map(WebSocketFrame::retain))))
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
