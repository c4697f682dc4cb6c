package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.metrics.MicrometerForwardingMetrics;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.testing.BlockHoundSupport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forwarding never blocks an event loop: BlockHound watches while clients negotiate a redirect,
 * request, update, chat and get pushes through a proxy.
 */
class NonBlockingIT {

  @Test
  void forwarding_neverBlocksAnEventLoop() {
    // A first pass loads classes and initializes the frameworks (one-time jar reads); the second
    // pass, watched, is the steady state every message goes through.
    scenario(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    BlockHoundSupport.install();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    scenario(meters);

    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
    assertThat(meters.get("hubscope.forward.round.trip").timer().count()).as("round trips timed").isGreaterThan(0);
  }

  /** Redirected clients through two proxies, and a few straight to a third whose meters are on Prometheus. */
  static void scenario(PrometheusMeterRegistry meters) {
    try (ForwardingStack stack = new ForwardingStack()) {
      ForwardingStack.App app = stack.redirectingApp();
      ForwardingStack.Proxy one = stack.redirectTarget(app, "nb-one");
      ForwardingStack.Proxy two = stack.redirectTarget(app, "nb-two");
      assertThat(Await.until(() -> app.receiver.directory().proxies().size() == 2, WAIT)).isTrue();
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < 10; i++) clients.add(stack.track(TestClient.connect(app.url())));
      for (TestClient c : clients) {
        c.request("Ticker", Map.of("TickInterval", 20));
        c.request("ChatRoom", Map.of("Room", "Room1"));
        c.request("Echo", Map.of());
      }
      for (int n = 1; n <= 20; n++) {
        for (TestClient c : clients) c.update("Echo", Map.of("Ping", n)).subscribe();
      }
      clients.get(0).update("ChatRoom", Map.of("Send", Map.of("Id", "x", "Text", "hi"))).block(WAIT);
      for (TestClient c : clients) assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 20, WAIT)).isNotNull();
      ForwardingStack.Proxy metered = stack.proxy(app,
          ForwardingStack.options("nb-metered").metrics(new MicrometerForwardingMetrics(meters)).build());
      assertThat(Await.until(() -> metered.forwarder().pool().connected() > 0, WAIT)).isTrue();
      for (int i = 0; i < 3; i++) {
        try (TestClient c = TestClient.connect(metered.url())) {
          c.request("Echo", Map.of());
          c.update("Echo", Map.of("Ping", 1)).block(WAIT);
        }
      }
      for (TestClient c : clients.subList(0, 5)) c.close();
      assertThat(Await.until(() -> app.receiver.logicalConnections() == 5, WAIT)).isTrue();
    }
  }
}
