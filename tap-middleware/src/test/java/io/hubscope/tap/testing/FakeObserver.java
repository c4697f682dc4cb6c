package io.hubscope.tap.testing;

import io.hubscope.forward.testing.Await;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.transport.NegotiatePolicy;
import io.hubscope.hub.transport.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The observer's ingest hub as far as a tap can tell: {@code /observe} with an {@code Observe}
 * method, a bearer-token check at negotiate, and every batch recorded. It can stall (Observe never
 * completes), stop, and restart on the same port.
 */
public final class FakeObserver implements AutoCloseable {

  public static final String TOKEN = "tap-test-token";

  private final List<JsonNode> batches = new CopyOnWriteArrayList<>();
  private final List<JsonNode> commandResults = new CopyOnWriteArrayList<>();
  private volatile boolean openToAll;
  private final AtomicInteger negotiations = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private volatile boolean stalled;
  private volatile boolean countOnly;
  private volatile HubTestServer server;
  private int port;

  public FakeObserver() {
    start(0);
  }

  private void start(int onPort) {
    NegotiatePolicy tokenCheck = new NegotiatePolicy() {
      @Override
      public boolean authorize(ServerHttpRequest request) {
        negotiations.incrementAndGet();
        return openToAll || TOKEN.equals(NegotiatePolicy.bearerToken(request));
      }
    };
    HubServer hub = HubServer.builder().path("/observe")
        .settings(TransportSettings.defaults().withMaxMessageSize(4 << 20))
        .negotiatePolicy(tokenCheck)
        .method("Observe", call -> {
          if (stalled) return Mono.never();
          JsonNode batch = call.arguments().get(0);
          received.addAndGet(batch.path("events").size());
          if (!countOnly) batches.add(batch);
          return Mono.just(Map.of("accepted", batch.path("events").size(), "rejected", 0));
        })
        .method("CommandResult", call -> {
          commandResults.add(call.arguments().get(0));
          return Mono.empty();
        })
        .build();
    server = new HubTestServer(hub, onPort);
    port = server.port();
  }

  /** The ingest URL a tap is given, e.g. {@code http://127.0.0.1:PORT/observe}. */
  public String url() {
    return "http://127.0.0.1:" + port + "/observe";
  }

  /** From now on, Observe never completes (a hung observer that still holds the connection). */
  public void stall() {
    stalled = true;
  }

  /** From now on, taps without the token are let in too (an observer nobody should trust). */
  public void openToAll() {
    openToAll = true;
  }

  /** Sends {@code Command(command)} to every tap connected, as the observer's control path does. */
  public void command(JsonNode command) {
    PreparedMessage message = new PreparedMessage(new InvocationMessage(null, "Command", List.of(command)));
    server.hub().connections().all().forEach(c -> c.send(message));
  }

  /** The first {@code CommandResult} for the command {@code id}, waiting up to {@code timeout}; null when none came. */
  public JsonNode awaitResult(String id, Duration timeout) {
    return Await.value(() -> commandResults.stream().filter(r -> id.equals(r.path("id").asString())).findFirst()
        .orElse(null), timeout);
  }

  /** From now on, batches are counted, not kept (for benchmarks). */
  public void countOnly() {
    countOnly = true;
  }

  /** Events received since start, kept or not. */
  public long received() {
    return received.get();
  }

  public void stop() {
    server.close();
  }

  /** Starts again on the same port with nothing recorded. */
  public void restart() {
    batches.clear();
    stalled = false;
    start(port);
  }

  public int negotiations() {
    return negotiations.get();
  }

  public List<JsonNode> batches() {
    return List.copyOf(batches);
  }

  /** Every event received so far, in arrival order. */
  public List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode b : batches) b.path("events").forEach(events::add);
    return events;
  }

  /** The first event that matches, waiting up to {@code timeout}; null when none came. */
  public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (JsonNode e : events()) {
        if (match.test(e)) return e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    } while (System.nanoTime() < deadline);
    return null;
  }

  @Override
  public void close() {
    server.close();
  }
}
