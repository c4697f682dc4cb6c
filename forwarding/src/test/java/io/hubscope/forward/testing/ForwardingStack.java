package io.hubscope.forward.testing;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.redirect.AccessTokenPolicy;
import io.hubscope.forward.redirect.AccessTokens;
import io.hubscope.forward.redirect.ProxyRedirectPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.transport.NegotiatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * App servers and proxies on real sockets (plain Reactor Netty, free ports), wired the way the apps
 * wire them; closes everything it started.
 */
public final class ForwardingStack implements AutoCloseable {

  public static final String SECRET = "test-secret-of-32-characters-ok!";
  /** Fast reconnects, so that restart tests take a second, not ten. */
  public static final List<Duration> FAST_BACKOFF =
      List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));

  private final List<AutoCloseable> open = new ArrayList<>();

  /** An app server: the test view models plus the forward receiver. */
  public final class App implements AutoCloseable {
    public final HubTestServer server;
    public final ForwardReceiver receiver;

    App(int port, Consumer<HubServerBuilder> customizer) {
      this(port, customizer, false);
    }

    App(int port, Consumer<HubServerBuilder> customizer, boolean redirecting) {
      HubServerBuilder builder = HubServer.builder().viewModels(ViewModels.of(TestViewModels.registry()));
      receiver = ForwardReceiver.install(builder, SECRET);
      if (redirecting) {
        builder.negotiatePolicy(new ProxyRedirectPolicy(receiver, new AccessTokens(SECRET),
            Duration.ofSeconds(30)));
      }
      customizer.accept(builder);
      HubServer hub = builder.build();
      receiver.bind(hub);
      server = new HubTestServer(hub, port);
    }

    public String url() {
      return server.url();
    }

    public HubServer hub() {
      return server.hub();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** A proxy: a hub with no view models of its own and one or more forwarders. */
  public final class Proxy implements AutoCloseable {
    public final HubTestServer server;
    public final List<ForwardingMiddleware> forwarders = new ArrayList<>();

    Proxy(NegotiatePolicy policy, List<Forward> forwards) {
      this(policy, forwards, 0);
    }

    Proxy(NegotiatePolicy policy, List<Forward> forwards, int port) {
      this(policy, port, builder -> forwards.stream()
          .map(f -> ForwardingMiddleware.install(builder, f.url().get(), f.options())).toList());
    }

    private Proxy(NegotiatePolicy policy, int port, Function<HubServerBuilder, List<ForwardingMiddleware>> install) {
      HubServerBuilder builder = HubServer.builder().negotiatePolicy(policy);
      forwarders.addAll(install.apply(builder));
      server = new HubTestServer(builder.build(), port);
    }

    public String url() {
      return server.url();
    }

    public ForwardingMiddleware forwarder() {
      return forwarders.get(0);
    }

    @Override
    public void close() {
      forwarders.forEach(ForwardingMiddleware::close);
      server.close();
    }
  }

  /** One forwarder of a proxy: where to and how. */
  public record Forward(Supplier<String> url, ForwardingOptions options) {}

  public App app() {
    return app(0, b -> {});
  }

  public App app(int port, Consumer<HubServerBuilder> customizer) {
    return track(new App(port, customizer));
  }

  public Proxy proxy(App app) {
    return proxy(app, options("proxy").build());
  }

  /** A proxy whose one forwarder has a pool to each of {@code upstreams} (app servers' hub URLs). */
  public Proxy proxy(List<String> upstreams, ForwardingOptions options) {
    return track(new Proxy(NegotiatePolicy.OPEN, 0,
        builder -> List.of(ForwardingMiddleware.install(builder, upstreams, options))));
  }

  /**
   * A proxy forwarding to {@code app}, returned once its pool to the running app server is fully
   * connected: a client's call before that is refused ("not reachable ... try again shortly"), as
   * it should be, and on a starved machine the pool took longer than a test's first call (TapIT,
   * CI at load 35).
   */
  public Proxy proxy(App app, ForwardingOptions options) {
    return connected(proxy(NegotiatePolicy.OPEN, new Forward(app::url, options)));
  }

  /** Waits until every forwarder of {@code proxy} has its whole pool connected; fails after 30 s. */
  public static Proxy connected(Proxy proxy) {
    for (ForwardingMiddleware forwarder : proxy.forwarders) awaitPool(forwarder);
    return proxy;
  }

  /** Waits until {@code forwarder}'s whole pool is connected; fails after 30 s. */
  public static void awaitPool(ForwardingMiddleware forwarder) {
    if (!Await.until(() -> forwarder.pool().connected() == forwarder.pool().size(), Duration.ofSeconds(30))) {
      throw new IllegalStateException("the proxy's pool did not connect within 30 s: "
          + forwarder.pool().connected() + " of " + forwarder.pool().size());
    }
  }

  /**
   * A proxy that takes redirected clients: it reports its URL to the app server and accepts only
   * clients with a redirect token the app server signed for it.
   */
  public Proxy redirectTarget(App app, String nodeName) {
    return redirectTarget(app::url, nodeName);
  }

  /** As {@link #redirectTarget(App, String)}, for any upstream hub URL (an app server under test). */
  public Proxy redirectTarget(Supplier<String> upstream, String nodeName) {
    int port = freePort();
    ForwardingOptions options = options(nodeName).publicUrl("http://127.0.0.1:" + port + "/dotnetify").build();
    NegotiatePolicy tokens = new AccessTokenPolicy(new AccessTokens(SECRET), nodeName);
    return track(new Proxy(tokens, List.of(new Forward(upstream, options)), port));
  }

  /** An app server that redirects new clients to its least-loaded proxy. */
  public App redirectingApp() {
    return track(new App(0, b -> {}, true));
  }

  /** A port nothing listens on (yet), e.g. for an app server that starts after its proxy. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Proxy proxy(NegotiatePolicy policy, Forward... forwards) {
    return track(new Proxy(policy, List.of(forwards)));
  }

  /** Options as the tests use them: the shared secret, fast reconnects, a small pool. */
  public static ForwardingOptions.Builder options(String nodeName) {
    return ForwardingOptions.builder().nodeName(nodeName).sharedSecret(SECRET).poolSize(3).backoff(FAST_BACKOFF)
        .callTimeout(Duration.ofSeconds(5));
  }

  public <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // Best effort: one failed close must not leak the rest.
      }
    }
  }
}
