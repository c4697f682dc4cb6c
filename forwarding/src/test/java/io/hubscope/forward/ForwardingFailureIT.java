package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Failures and cleanup: disconnects, upstream loss and restart, back-pressure, refused input. */
class ForwardingFailureIT extends ForwardingITSupport {

  @Test
  void disconnect_leavesZeroLogicalConnections() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(app);
    awaitPool(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) all.add(client(proxy));
    for (TestClient c : all) {
      c.request("Echo", Map.of());
      c.request("ChatRoom", Map.of("Room", "Room" + (all.indexOf(c) % 3)));
    }
    assertThat(app.receiver.logicalConnections()).isEqualTo(20);
    int pooled = proxy.forwarder().pool().size();
    assertThat(app.hub().connections().size()).isEqualTo(20 + pooled);

    for (TestClient c : all.subList(0, 10)) c.close();
    assertThat(Await.until(() -> app.receiver.logicalConnections() == 10, WAIT)).isTrue();
    assertThat(app.hub().connections().size()).isEqualTo(10 + pooled);

    // The proxy going away takes its remaining clients' logical connections with it.
    proxy.close();
    assertThat(Await.until(() -> app.hub().connections().size() == 0, WAIT))
        .as("connections left: %s", app.hub().connections().size()).isTrue();
    assertThat(app.receiver.logicalConnections()).isZero();
    assertThat(app.receiver.links()).isZero();
    assertThat(app.hub().groups().groupCount()).isZero();
    assertThat(app.receiver.directory().proxies()).isEmpty();
  }

  @Test
  void upstreamRestart_viewModelsComeBackAndPushesResume() {
    ForwardingStack.App app = stack.app();
    int port = app.server.port();
    ForwardingStack.Proxy proxy = stack.proxy(app);
    awaitPool(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) all.add(client(proxy));
    for (TestClient c : all) {
      c.request("Ticker", Map.of("TickInterval", 50));
      c.request("Echo", Map.of());
      assertThat(c.await("Ticker", r -> r.path("Sequence").asLong() > 0, WAIT)).isNotNull();
    }

    app.close();
    assertThat(Await.until(() -> proxy.forwarder().pool().connected() == 0, WAIT)).isTrue();
    long start = System.nanoTime();
    Throwable refused = catchError(all.get(0).update("Echo", Map.of("Ping", 1)));
    assertThat(refused).hasMessageContaining("app server");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    ForwardingStack.App restarted = stack.app(port, b -> {});
    awaitPool(proxy);
    for (TestClient c : all) {
      c.drain("Ticker");
      assertThat(c.await("Ticker", r -> r.path("Sequence").asLong() > 1, WAIT))
          .as("ticks resume for %s", c.connectionId()).isNotNull();
      c.drain("Echo");
      c.update("Echo", Map.of("Ping", 7)).block(WAIT);
      assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 7, WAIT)).isNotNull();
      assertThat(c.isOpen()).as("the client never reconnected").isTrue();
    }
    assertThat(restarted.receiver.logicalConnections()).isEqualTo(6);
  }

  @Test
  void noUpstream_invocationFailsQuicklyWithClearError() {
    ForwardingStack.Forward nowhere = new ForwardingStack.Forward(() -> "http://127.0.0.1:9/dotnetify",
        ForwardingStack.options("lonely").build());
    ForwardingStack.Proxy proxy = stack.proxy(io.hubscope.hub.transport.NegotiatePolicy.OPEN, nowhere);
    TestClient client = client(proxy);

    long start = System.nanoTime();
    Throwable error = catchError(client.requestAsync("Echo", Map.of()));

    assertThat(error).hasMessageContaining("The app server is not reachable from this proxy");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void appErrors_reachTheClientUnchanged() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(app);
    awaitPool(proxy);
    TestClient viaProxy = client(proxy);
    TestClient direct = track(TestClient.connect(app.url()));

    Throwable proxied = catchError(viaProxy.requestAsync("NoSuchVM", Map.of()));
    Throwable local = catchError(direct.requestAsync("NoSuchVM", Map.of()));

    assertThat(proxied).isNotNull();
    assertThat(proxied.getMessage()).isEqualTo(local.getMessage());
  }

  @Test
  void unansweredCall_failsAfterTheCallTimeout_andTheClientGoesOn() {
    java.util.concurrent.atomic.AtomicBoolean hang = new java.util.concurrent.atomic.AtomicBoolean();
    ForwardingStack.App app = stack.app(0, b -> b.middleware((ctx, next) ->
        hang.get() ? reactor.core.publisher.Mono.never() : next.proceed(ctx)));
    ForwardingStack.Proxy proxy = stack.proxy(app,
        ForwardingStack.options("patient").callTimeout(Duration.ofMillis(500)).build());
    awaitPool(proxy);
    TestClient client = client(proxy);
    client.request("Echo", Map.of());

    hang.set(true);
    long start = System.nanoTime();
    Throwable error = catchError(client.update("Echo", Map.of("Ping", 1)));

    assertThat(error).hasMessageContaining("The app server did not answer within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(3));
    hang.set(false);
    client.update("Echo", Map.of("Ping", 2)).block(WAIT);
    assertThat(client.await("Echo", r -> r.path("Pong").asLong() == 2, WAIT)).as("the next call ran").isNotNull();
  }

  @Test
  void fullQueue_refusesWithClearErrorInsteadOfDropping() {
    ForwardingStack.App app = stack.app(0, b -> b.middleware((ctx, next) ->
        reactor.core.publisher.Mono.delay(Duration.ofMillis(300)).then(next.proceed(ctx))));
    ForwardingStack.Proxy proxy = stack.proxy(app,
        ForwardingStack.options("busy").poolSize(1).maxPendingPerConnection(3).build());
    awaitPool(proxy);
    TestClient client = client(proxy);
    client.request("Echo", Map.of());

    List<reactor.core.publisher.Mono<JsonNode>> calls = new ArrayList<>();
    for (int n = 1; n <= 8; n++) calls.add(client.update("Echo", Map.of("Ping", n)).cache());
    calls.forEach(reactor.core.publisher.Mono::subscribe);
    long refused = calls.stream().map(ForwardingITSupport::catchError).filter(e -> e != null)
        .peek(e -> assertThat(e).hasMessageContaining("not keeping up")).count();

    assertThat(refused).isEqualTo(5);
    assertThat(client.await("Echo", r -> r.path("Pong").asLong() == 3, WAIT)).as("the accepted ones ran").isNotNull();
  }

  @Test
  void directClient_cannotForgeForwardedCalls() {
    ForwardingStack.App app = stack.app();
    TestClient intruder = track(TestClient.connect(app.url()));
    tools.jackson.databind.node.ObjectNode meta = TestClient.JSON.createObjectNode();
    meta.putObject("$fwdConnContext").put("connectionId", "someone-else");

    Throwable error = catchError(intruder.connection().invoke("Invoke", "Request_VM",
        List.of("Whoami"), meta));

    assertThat(error).hasMessageContaining("Only a forwarding proxy");
    assertThat(app.hub().connections().get("someone-else")).isNull();
  }
}
