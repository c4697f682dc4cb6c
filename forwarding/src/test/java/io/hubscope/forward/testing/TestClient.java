package io.hubscope.forward.testing;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import java.time.Duration;
import io.hubscope.hub.testing.Inbox;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A dotNetify-style client for tests: requests and updates view models and records every
 * {@code Response_VM} it gets, per view model, with the vmData string already parsed. Responses
 * arrive on an event loop, so they go through an {@link Inbox}, which never blocks it.
 */
public final class TestClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final HubClientConnection connection;
  private final Map<String, Inbox<JsonNode>> responses = new ConcurrentHashMap<>();

  private TestClient(HubClientConnection connection) {
    this.connection = connection;
  }

  public static TestClient connect(String url) {
    return connect(url, "hubscope-test", HubProtocols.JSON);
  }

  public static TestClient connect(String url, String userAgent, HubProtocol protocol) {
    HubClient client = HubClient.builder(url).userAgent(userAgent).protocol(protocol)
        .header("Origin", "https://app.example").header("Cookie", "session=secret").build();
    TestClient[] holder = new TestClient[1];
    client.connect().doOnNext(c -> {
      holder[0] = new TestClient(c);
      c.on("Response_VM", holder[0]::onResponse);
    }).block(WAIT);
    return holder[0];
  }

  private void onResponse(List<JsonNode> args) {
    JsonNode pair = args.get(0);
    JsonNode data = JSON.readTree(pair.get(1).asString());
    queue(pair.get(0).asString()).add(data);
  }

  private Inbox<JsonNode> queue(String vmId) {
    return responses.computeIfAbsent(vmId, id -> new Inbox<>());
  }

  public String connectionId() {
    return connection.connectionId();
  }

  public HubClientConnection connection() {
    return connection;
  }

  /** Requests a view model and returns its first response (the full state). */
  public JsonNode request(String vmId, Map<String, ?> vmArg) {
    requestAsync(vmId, vmArg).block(WAIT);
    return next(vmId, WAIT);
  }

  public Mono<JsonNode> requestAsync(String vmId, Map<String, ?> vmArg) {
    ObjectNode data = JSON.createObjectNode();
    data.set("$vmArg", JSON.valueToTree(vmArg));
    return connection.invoke("Request_VM", vmId, data);
  }

  public Mono<JsonNode> update(String vmId, Map<String, ?> values) {
    return connection.invoke("Update_VM", vmId, JSON.valueToTree(values));
  }

  public Mono<JsonNode> dispose(String vmId) {
    return connection.invoke("Dispose_VM", vmId);
  }

  /** The next response for {@code vmId}, or null when none came in time. */
  public JsonNode next(String vmId, Duration timeout) {
    return queue(vmId).next(timeout);
  }

  /** Waits for a response that matches, dropping the ones before it; null when none came in time. */
  public JsonNode await(String vmId, Predicate<JsonNode> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode r = next(vmId, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (r != null && match.test(r)) return r;
    }
    return null;
  }

  /** Everything received for {@code vmId} so far, removed from the queue. */
  public List<JsonNode> drain(String vmId) {
    return queue(vmId).drain();
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    connection.close().block(WAIT);
  }
}
