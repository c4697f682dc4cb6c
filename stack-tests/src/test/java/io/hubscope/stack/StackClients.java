package io.hubscope.stack;

import io.hubscope.hub.client.CloseInfo;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The hub clients of one test (the hub module's Java client), connected alternately through the two
 * proxies. Each keeps every {@code Response_VM} it receives, handed off lock-free on its event loop
 * with the time it arrived, and knows the app server its proxy pinned it to at its first call, read
 * from the proxy's health details (clients pinned per app server) before and after that call.
 */
final class StackClients implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  /** A {@code Response_VM} as it arrived: {@code [vmId, "<JSON string>"]} and {@link System#nanoTime()}. */
  record Response(long nanos, String vmId, String vmData) {}

  /** One client and what it received. */
  static final class Client {
    final int index;
    final int proxyPort;
    final HubClientConnection connection;
    /** Filled on the connection's event loop: a lock-free add, never a lock. */
    final Queue<Response> responses = new ConcurrentLinkedQueue<>();
    volatile CloseInfo closed;
    /** The app server's hub URL its proxy pinned it to; set by {@link #join}. */
    String appServer;

    Client(int index, int proxyPort, HubClientConnection connection) {
      this.index = index;
      this.proxyPort = proxyPort;
      this.connection = connection;
    }

    /** Its path through the stack, e.g. {@code proxy :41234 -> app :41236}. */
    String path() {
      return "proxy :" + proxyPort + " -> app :" + appServer.replaceAll(".*:(\\d+)/.*", "$1");
    }

    @Override
    public String toString() {
      return "client " + index + " (" + connection.connectionId() + ", " + (appServer == null ? "unpinned" : path()) + ")";
    }
  }

  private final List<Client> clients;

  private StackClients(List<Client> clients) {
    this.clients = clients;
  }

  /** Connects {@code count} clients, even ones to the first proxy and odd ones to the second. */
  static StackClients connect(DemoStack stack, int count) {
    List<HubClient> hubs = new ArrayList<>();
    for (String hub : stack.proxyHubs()) hubs.add(HubClient.builder(hub).userAgent("cluster-stack-test").build());
    List<Client> clients = Flux.range(0, count)
        .flatMapSequential(i -> hubs.get(i % hubs.size()).connect().map(c -> {
          Client client = new Client(i, stack.proxyPorts[i % hubs.size()], c);
          c.on("Response_VM", args -> {
            JsonNode response = args.get(0);
            client.responses.add(new Response(System.nanoTime(), response.get(0).asString(), response.get(1).asString()));
          });
          c.closed().subscribe(info -> client.closed = info);
          return client;
        }), 16)
        .collectList()
        .block(WAIT.multipliedBy(3));
    return new StackClients(clients);
  }

  /**
   * Requests {@code vmId} with {@code vmArg} for each client, one at a time, and notes the app
   * server the proxy pinned it to: the one whose pinned clients went up by one.
   */
  void join(NodeHealth health, String vmId, Map<String, ?> vmArg) {
    Map<Integer, Map<String, Integer>> pinned = new TreeMap<>();
    for (Client c : clients) {
      Map<String, Integer> before = pinned.computeIfAbsent(c.proxyPort, health::pinnedClients);
      c.connection.invoke("Request_VM", vmId, Map.of("$vmArg", vmArg)).block(WAIT);
      Map<String, Integer> after = health.pinnedClients(c.proxyPort);
      List<String> grew = after.keySet().stream()
          .filter(url -> after.get(url) == before.getOrDefault(url, 0) + 1).toList();
      if (grew.size() != 1 || after.values().stream().mapToInt(Integer::intValue).sum()
          != before.values().stream().mapToInt(Integer::intValue).sum() + 1) {
        throw new IllegalStateException("cannot tell where " + c + " was pinned: " + before + " then " + after);
      }
      c.appServer = grew.get(0);
      pinned.put(c.proxyPort, after);
    }
  }

  List<Client> all() {
    return clients;
  }

  /** How many clients took each path (proxy × app server). */
  Map<String, Integer> paths() {
    Map<String, Integer> paths = new TreeMap<>();
    for (Client c : clients) paths.merge(c.path(), 1, Integer::sum);
    return paths;
  }

  @Override
  public void close() {
    Flux.fromIterable(clients).flatMap(c -> c.connection.close(), 32).then().block(WAIT);
  }
}
