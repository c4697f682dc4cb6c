package io.hubscope.tap;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.testing.BlockHoundSupport;
import io.hubscope.tap.metrics.DropCause;
import io.hubscope.tap.metrics.InMemoryTapMetrics;
import io.hubscope.tap.testing.FakeObserver;
import io.hubscope.tap.testing.TappedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The observer being stalled or stopped changes nothing for clients: echo round trips through a
 * tapped proxy all complete, the tap's drops are counted, and (BlockHound watching) nothing blocks
 * an event loop on the way.
 */
class TapNonBlockingIT {

  static final int CLIENTS = 10;
  static final int ROUNDS = 50;

  @Test
  void echoThroughATappedProxy_staysLive_whenTheObserverStallsOrStops() throws Exception {
    // A first pass loads classes and initializes the frameworks (one-time jar reads) unwatched.
    scenario();
    BlockHoundSupport.install();
    scenario();

    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
  }

  static void scenario() throws Exception {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      InMemoryTapMetrics metrics = new InMemoryTapMetrics();
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(), TappedStack.options(observer.url(), "proxy", "nb")
          .queueMaxEvents(100).metrics(metrics).build(), 3);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        TestClient c = stack.track(TestClient.connect(proxy.url()));
        c.request("Echo", Map.of());
        clients.add(c);
      }
      assertThat(echo(clients, 0)).as("round trips with the observer up").isEqualTo(CLIENTS * ROUNDS);

      observer.stall();
      assertThat(echo(clients, 1)).as("round trips with the observer stalled").isEqualTo(CLIENTS * ROUNDS);
      assertThat(proxy.tap.dropped(DropCause.QUEUE_FULL)).isPositive();
      assertThat(metrics.dropped(DropCause.QUEUE_FULL)).isEqualTo(proxy.tap.dropped(DropCause.QUEUE_FULL));

      observer.stop();
      assertThat(Await.until(() -> !proxy.tap.connected(), WAIT)).isTrue();
      long downBefore = proxy.tap.dropped(DropCause.OBSERVER_DOWN);
      assertThat(echo(clients, 2)).as("round trips with the observer stopped").isEqualTo(CLIENTS * ROUNDS);
      assertThat(proxy.tap.dropped(DropCause.OBSERVER_DOWN) - downBefore).isGreaterThanOrEqualTo(2L * CLIENTS * ROUNDS);
    }
  }

  /** Every client pings ROUNDS times in a closed loop; returns the round trips that completed. */
  static long echo(List<TestClient> clients, int pass) throws Exception {
    AtomicLong done = new AtomicLong();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (TestClient c : clients) {
      all.add(CompletableFuture.runAsync(() -> {
        for (int n = 1; n <= ROUNDS; n++) {
          long ping = pass * 1000L + n;
          c.update("Echo", Map.of("Ping", ping)).block(WAIT);
          if (c.await("Echo", r -> r.path("Pong").asLong() == ping, WAIT) != null) done.incrementAndGet();
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return done.get();
  }
}
