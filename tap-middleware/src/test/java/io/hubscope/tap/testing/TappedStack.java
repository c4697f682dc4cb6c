package io.hubscope.tap.testing;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.NodeLink;
import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;
import java.time.Duration;
import java.util.List;

/** Proxies and app servers with a tap, wired the way proxy-agent and app-server wire them. */
public final class TappedStack {

  /** Fast reconnects and host samples, so restart tests take a second, not ten. */
  public static TapOptions.Builder options(String url, String role, String name) {
    return TapOptions.builder(url, NodeIdentity.of(role, name, "127.0.0.1:0")).token(FakeObserver.TOKEN)
        .linger(Duration.ofMillis(50)).hostInterval(Duration.ofMillis(200)).sendTimeout(Duration.ofSeconds(2))
        .backoff(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
  }

  /** A proxy to {@code app} with a tap (or none when {@code tap} is null), tracked by {@code stack}. */
  public static Proxy proxy(ForwardingStack stack, ForwardingStack.App app, TapOptions tap, int poolSize) {
    Proxy proxy = stack.track(new Proxy(app.url(), tap, poolSize));
    ForwardingStack.awaitPool(proxy.forwarder); // ready for clients, as ForwardingStack's own proxies
    return proxy;
  }

  /** An app server with a tap on its hub. */
  public static ForwardingStack.App app(ForwardingStack stack, TapOptions tap, Tap[] installed) {
    return stack.app(0, builder -> installed[0] = stack.track(Tap.install(builder, tap)));
  }

  /**
   * An app server whose tap reports the proxies linked to it, from its receiver's directory, as
   * hub-spring-boot's {@code ForwardingTapPlacement} wires it.
   */
  public static ForwardingStack.App linkedApp(ForwardingStack stack, TapOptions.Builder tap, Tap[] installed) {
    ForwardingStack.App[] app = new ForwardingStack.App[1];
    // The tap is built before the app's receiver exists; it asks for links only once it samples.
    tap.links(() -> app[0] == null ? List.of() : app[0].receiver.directory().proxies().stream()
        .map(p -> NodeLink.proxy(p.nodeName(), p.nodeId(), p.url())).toList());
    app[0] = app(stack, tap.build(), installed);
    return app[0];
  }

  public static final class Proxy implements AutoCloseable {
    public final HubTestServer server;
    public final ForwardingMiddleware forwarder;
    public final Tap tap;

    Proxy(String upstream, TapOptions tapOptions, int poolSize) {
      HubServerBuilder builder = HubServer.builder();
      // The tap goes first: a halting forwarder ends the pipeline, so later middlewares see nothing.
      tap = tapOptions == null ? null : Tap.install(builder, tapOptions);
      forwarder = ForwardingMiddleware.install(builder, upstream,
          ForwardingStack.options("tapped-proxy").poolSize(poolSize).build());
      if (tap != null) forwarder.observeDeliveries(tap);
      server = new HubTestServer(builder.build());
    }

    public String url() {
      return server.url();
    }

    @Override
    public void close() {
      // The hub first: its clients' closes (server_shutdown) are what the tap flushes on close.
      server.close();
      // HubServer.close() only starts closing the clients: the tap hears of each close when its
      // socket is done, on an event loop, right after the hub drops the connection. Closing the
      // tap before that lost the close events it is meant to flush (TapIT, once in five runs).
      Await.until(() -> server.hub().connections().size() == 0, Duration.ofSeconds(10));
      forwarder.close();
      if (tap != null) tap.close();
    }
  }

  private TappedStack() {}
}
