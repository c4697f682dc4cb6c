package io.hubscope.loadtest.run;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.transport.TransportType;
import io.hubscope.loadtest.protocol.LoadTestProtocols;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The one set of event loops, connection pool and HTTP client all clients of a run share, and a
 * {@link HubClient} per (server, source address). Connections cost a channel each, never a thread.
 */
final class Transport implements AutoCloseable {

  private final LoopResources loops;
  private final ConnectionProvider pool;
  private final HttpClient http;
  private final List<String> servers;
  private final List<String> bindAddresses;
  private final List<HubClient> hubClients = new ArrayList<>();

  Transport(LoadTestSettings settings) {
    this.servers = settings.servers();
    this.bindAddresses = settings.bindAddresses().isEmpty() ? List.of("") : settings.bindAddresses();
    // Daemon threads: a stuck connection must never keep the CLI from exiting.
    this.loops = LoopResources.create("loadtest", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
    // Negotiate requests reuse pooled HTTP connections; each open WebSocket holds one pool slot
    // until it closes, so the pool must have room for every client plus the negotiate traffic.
    this.pool = ConnectionProvider.builder("loadtest").maxConnections(settings.clients() + 256).pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(Duration.ofSeconds(30)).build();
    this.http = HttpClient.create(pool).runOn(loops).responseTimeout(Duration.ofSeconds(15));
    for (String bind : bindAddresses) {
      for (String server : servers) {
        HubClient.Builder builder = HubClient.builder(server).httpClient(http).userAgent("hubscope-load-tester")
            .protocol(LoadTestProtocols.forName(settings.protocol()))
            .transport(transportType(settings.transport()));
        if (!bind.isEmpty()) builder.bindAddress(bind);
        hubClients.add(builder.build());
      }
    }
  }

  private static TransportType transportType(String name) {
    return switch (name) {
      case "sse" -> TransportType.SERVER_SENT_EVENTS;
      case "longpolling" -> TransportType.LONG_POLLING;
      default -> TransportType.WEB_SOCKETS;
    };
  }

  /**
   * Runs {@code task} on one of the event loops, round-robin: starting a connection does real work
   * (request building, channel setup), and the loops share it instead of the one ramp-up thread.
   */
  void execute(Runnable task) {
    loops.onClient(true).next().execute(task);
  }

  /** The hub client for client {@code index}: servers round-robin first, then source addresses. */
  HubClient hubClient(int index) {
    return hubClients.get(index % hubClients.size());
  }

  /** The raw HTTP client for client {@code index} (bound to its source address) and its server URL. */
  HttpClient rawHttp(int index) {
    String bind = bindAddresses.get((index / servers.size()) % bindAddresses.size());
    return bind.isEmpty() ? http : http.bindAddress(() -> new java.net.InetSocketAddress(bind, 0));
  }

  String server(int index) {
    return servers.get(index % servers.size());
  }

  /** A URL without a path gets the hub path {@code /dotnetify}, so {@code -s http://host:8081} works. */
  static String normalize(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new LoadTestException("Not a URL: " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!List.of("http", "https", "ws", "wss").contains(scheme) || uri.getHost() == null) {
      throw new LoadTestException("Not an http(s) or ws(s) URL: " + url);
    }
    String path = uri.getRawPath();
    return path == null || path.isEmpty() || path.equals("/") ? url.trim().replaceAll("/$", "") + "/dotnetify" : url.trim();
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(5));
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
  }
}
