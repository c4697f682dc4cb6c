package io.hubscope.stack;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event side of the dashboard's update lag: one hub client per proxy, each with the demo's
 * {@code HelloWorld} view model, and {@link #send()} submits a name carrying a unique marker
 * ({@code <prefix><n>}) through the next proxy in turn, remembering the wall-clock time it left.
 * The proxy's tap mirrors the call; the dashboard's message tail, filtered by the prefix, shows it.
 */
final class LagProbe implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  final String prefix;
  private final List<HubClientConnection> connections = new ArrayList<>();
  private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();

  LagProbe(List<String> proxyHubs, String prefix) {
    this.prefix = prefix;
    for (String hub : proxyHubs) {
      HubClientConnection c = HubClient.builder(hub).userAgent("hubscope-dashboard-bench").build().connect()
          .block(TIMEOUT);
      c.invoke("Request_VM", "HelloWorld", JsonNodeFactory.instance.objectNode()).block(TIMEOUT);
      connections.add(c);
    }
  }

  /** Sends the next marked message; failures show later as probes that never appeared. */
  void send() {
    int n = next.incrementAndGet();
    ObjectNode person = JsonNodeFactory.instance.objectNode().put("FirstName", prefix + n).put("LastName", "probe");
    ObjectNode update = JsonNodeFactory.instance.objectNode();
    update.set("Submit", person);
    HubClientConnection c = connections.get(n % connections.size());
    sentAt.put(n, System.currentTimeMillis());
    c.invoke("Update_VM", "HelloWorld", update).subscribe(null, e -> { });
  }

  /** Send time (epoch ms) of each probe by its number. */
  Map<Integer, Long> sentAt() {
    return Map.copyOf(sentAt);
  }

  @Override
  public void close() {
    for (HubClientConnection c : connections) c.close().onErrorComplete().block(TIMEOUT);
  }
}
