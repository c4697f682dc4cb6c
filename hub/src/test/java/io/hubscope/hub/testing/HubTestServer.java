package io.hubscope.hub.testing;

import io.hubscope.hub.server.HubServer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A hub served by plain Reactor Netty on a free port, without Spring Boot; closes both on close.
 * It runs on event loops of its own: a Spring context that a test closes first disposes Reactor
 * Netty's global loops, and a server on those could then not write its clients' Close frames.
 */
public final class HubTestServer implements AutoCloseable {

  private final HubServer hub;
  private final LoopResources loops = LoopResources.create("hub-test", 2, true);
  private final DisposableServer server;

  public HubTestServer(HubServer hub) {
    this(hub, 0);
  }

  /** Serves on {@code port}, e.g. the port of a server a test stopped, to restart it in place. */
  public HubTestServer(HubServer hub, int port) {
    this.hub = hub;
    HttpHandler handler = WebHttpHandlerBuilder.webHandler(exchange -> {
          exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
          return Mono.empty();
        })
        .filter(hub.webFilter())
        .build();
    this.server = HttpServer.create().host("127.0.0.1").port(port).runOn(loops)
        .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
  }

  public HubServer hub() {
    return hub;
  }

  public int port() {
    return server.port();
  }

  /** The hub's URL, e.g. {@code http://127.0.0.1:PORT/dotnetify}. */
  public String url() {
    return "http://127.0.0.1:" + port() + hub.path();
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + port() + hub.path();
  }

  @Override
  public void close() {
    hub.close();
    server.disposeNow();
    loops.disposeLater().block();
  }
}
