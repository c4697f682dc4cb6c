package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.metrics.InMemoryForwardingMetrics;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TcpRelay;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.forward.upstream.UpstreamPool;
import io.hubscope.forward.upstream.Upstreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One proxy in front of several app servers: each client is pinned to the least-loaded one when it
 * first calls, and when an app server dies its clients move to the survivors, view models and
 * groups included, while their connections to the proxy stay open.
 */
class ManyAppServersIT extends ForwardingITSupport {

  static final Duration REHOME_BOUND = Duration.ofSeconds(5);

  final InMemoryForwardingMetrics metrics = new InMemoryForwardingMetrics();

  ForwardingStack.Proxy proxy(List<String> upstreams) {
    return stack.proxy(upstreams, ForwardingStack.options("many").metrics(metrics).build());
  }

  static Upstreams upstreams(ForwardingStack.Proxy proxy) {
    return proxy.forwarder().upstreams();
  }

  static void awaitAllPools(ForwardingStack.Proxy proxy) {
    assertThat(Await.until(() -> upstreams(proxy).connected() == upstreams(proxy).size(), WAIT))
        .as("every pool of %s connected", proxy.url()).isTrue();
  }

  /** An app server behind a relay the test can cut like a kill -9. */
  record Killable(ForwardingStack.App app, TcpRelay relay) {}

  Killable killable() {
    ForwardingStack.App app = stack.app();
    return new Killable(app, stack.track(new TcpRelay(app.server.port())));
  }

  static String serverOf(ForwardingStack.Proxy proxy, TestClient c) {
    UpstreamPool pool = upstreams(proxy).pinnedTo(c.connectionId());
    return pool == null ? null : pool.url();
  }

  @Test
  void clients_spreadOverTheAppServers_leastLoadedAtTheirFirstCall() {
    ForwardingStack.App one = stack.app();
    ForwardingStack.App two = stack.app();
    ForwardingStack.Proxy proxy = proxy(List.of(one.url(), two.url()));
    awaitAllPools(proxy);

    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TestClient c = client(proxy);
      all.add(c);
      assertThat(c.request("Whoami", Map.of()).get("ConnectionId").asString()).isEqualTo(c.connectionId());
    }

    assertThat(one.receiver.logicalConnections()).isEqualTo(5);
    assertThat(two.receiver.logicalConnections()).isEqualTo(5);
    assertThat(upstreams(proxy).pools()).extracting(UpstreamPool::clients).containsExactly(5, 5);
    assertThat(metrics.clients(upstreams(proxy).pools().get(0).name())).as("the gauge").isEqualTo(5);
    // Stickiness: each client stays where it was pinned, call after call.
    for (TestClient c : all) {
      String pinned = serverOf(proxy, c);
      c.request("Echo", Map.of());
      assertThat(serverOf(proxy, c)).isEqualTo(pinned);
    }
    assertThat(one.receiver.logicalConnections() + two.receiver.logicalConnections()).isEqualTo(10);
  }

  @Test
  void everyAppServer_hearsTheProxysTotals_andItsDraining() {
    ForwardingStack.App one = stack.app();
    ForwardingStack.App two = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(List.of(one.url(), two.url()), ForwardingStack.options("reporting")
        .publicUrl("http://127.0.0.1:1/dotnetify").build());
    awaitAllPools(proxy);
    for (int i = 0; i < 4; i++) client(proxy).request("Echo", Map.of());
    assertThat(one.receiver.logicalConnections()).isEqualTo(2);

    // Each app server's redirect compares whole proxies: it hears all 4 clients, not its own 2.
    for (ForwardingStack.App app : List.of(one, two)) {
      assertThat(Await.until(() -> app.receiver.directory().proxies().size() == 1
          && app.receiver.directory().proxies().get(0).clients() == 4, WAIT))
          .as("directory of %s: %s", app.url(), app.receiver.directory().proxies()).isTrue();
      assertThat(app.receiver.directory().pickLeastLoaded()).isPresent();
    }

    proxy.forwarder().reportDraining(() -> true);

    for (ForwardingStack.App app : List.of(one, two)) {
      assertThat(Await.until(() -> app.receiver.directory().pickLeastLoaded().isEmpty(), WAIT))
          .as("%s sends no one to a draining proxy", app.url()).isTrue();
    }
  }

  @Test
  void appServerKilled_underPushes_itsClientsGetPushesFromTheSurvivorWithin5s_withoutReconnecting() {
    Killable doomed = killable();
    Killable survivor = killable();
    ForwardingStack.Proxy proxy = proxy(List.of(doomed.relay().url(), survivor.relay().url()));
    awaitAllPools(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) all.add(client(proxy));
    for (TestClient c : all) {
      c.request("Ticker", Map.of("TickInterval", 50));
      c.request("ChatRoom", Map.of("Room", "Lobby"));
      c.request("Echo", Map.of());
    }
    List<TestClient> moving = all.stream().filter(c -> doomed.relay().url().equals(serverOf(proxy, c))).toList();
    assertThat(moving).hasSize(4);
    for (TestClient c : all) assertThat(c.await("Ticker", r -> r.path("Sequence").asLong() > 0, WAIT)).isNotNull();
    int proxyConnections = proxy.server.hub().connections().size();

    long killed = System.nanoTime();
    doomed.relay().kill();

    assertThat(Await.until(() -> moving.stream().allMatch(c -> survivor.relay().url().equals(serverOf(proxy, c))),
        REHOME_BOUND)).as("re-homed to the survivor").isTrue();
    for (TestClient c : moving) {
      c.drain("Ticker");
      Duration left = REHOME_BOUND.minus(Duration.ofNanos(System.nanoTime() - killed));
      assertThat(c.await("Ticker", r -> r.path("Sequence").asLong() > 0, left))
          .as("pushes from the survivor for %s within %s of the kill", c.connectionId(), REHOME_BOUND).isNotNull();
    }
    assertThat(survivor.app().receiver.logicalConnections()).as("every view model re-established there").isEqualTo(8);

    // The chat room's group followed the clients to their new pooled connections.
    for (TestClient c : all) c.drain("ChatRoom");
    all.get(0).update("ChatRoom", Map.of("Send", Map.of("Id", "after-kill", "Text", "still here?"))).block(WAIT);
    for (TestClient c : all) {
      JsonNode added = c.await("ChatRoom", r -> r.has("Messages_add"), WAIT);
      assertThat(added).as("group push for %s", c.connectionId()).isNotNull();
      assertThat(added.toString()).contains("after-kill");
    }
    for (TestClient c : moving) {
      c.drain("Echo");
      c.update("Echo", Map.of("Ping", 42)).block(WAIT);
      assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 42, WAIT)).isNotNull();
      assertThat(c.isOpen()).as("%s never reconnected", c.connectionId()).isTrue();
    }
    assertThat(proxy.server.hub().connections().size()).as("no client connection to the proxy closed")
        .isEqualTo(proxyConnections);
    assertThat(metrics.rehomedFrom(upstreams(proxy).pools().get(0).name())).isEqualTo(4);
    assertThat(metrics.rehomedCount()).isEqualTo(4);
  }

  @Test
  void appServerKilled_itsClientsSpreadOverTheSurvivors() {
    Killable doomed = killable();
    Killable left = killable();
    Killable right = killable();
    ForwardingStack.Proxy proxy = proxy(List.of(doomed.relay().url(), left.relay().url(), right.relay().url()));
    awaitAllPools(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TestClient c = client(proxy);
      all.add(c);
      c.request("Echo", Map.of());
    }
    assertThat(upstreams(proxy).pools()).extracting(UpstreamPool::clients).containsExactly(4, 4, 4);

    doomed.relay().kill();

    assertThat(Await.until(() -> left.app().receiver.logicalConnections()
        + right.app().receiver.logicalConnections() == 12, REHOME_BOUND)).isTrue();
    assertThat(left.app().receiver.logicalConnections()).as("the two survivors share the moved clients")
        .isBetween(5, 7);
    assertThat(right.app().receiver.logicalConnections()).isBetween(5, 7);
    assertThat(upstreams(proxy).pools().get(0).clients()).isZero();
  }

  @Test
  void appServerStartedAfterTheProxy_getsTheNewClients() {
    ForwardingStack.App early = stack.app();
    int latePort = ForwardingStack.freePort();
    String lateUrl = "http://127.0.0.1:" + latePort + "/dotnetify";
    ForwardingStack.Proxy proxy = proxy(List.of(early.url(), lateUrl));
    List<TestClient> first = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestClient c = client(proxy);
      first.add(c);
      c.request("Echo", Map.of());
    }
    assertThat(early.receiver.logicalConnections()).as("the only one up").isEqualTo(4);

    ForwardingStack.App late = stack.app(latePort, b -> {});
    awaitAllPools(proxy);
    for (int i = 0; i < 4; i++) client(proxy).request("Echo", Map.of());

    assertThat(late.receiver.logicalConnections()).as("the least loaded takes the new clients").isEqualTo(4);
    assertThat(early.receiver.logicalConnections()).as("the first clients stay where they are").isEqualTo(4);
    for (TestClient c : first) assertThat(serverOf(proxy, c)).isEqualTo(early.url());
    assertThat(metrics.rehomedCount()).isZero();
  }

  @Test
  void removedAppServer_itsClientsMoveToTheOthers() {
    ForwardingStack.App leaving = stack.app();
    ForwardingStack.App staying = stack.app();
    ForwardingStack.Proxy proxy = proxy(List.of(leaving.url(), staying.url()));
    awaitAllPools(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TestClient c = client(proxy);
      all.add(c);
      c.request("Ticker", Map.of("TickInterval", 50));
    }

    assertThat(upstreams(proxy).remove(leaving.url())).isTrue();

    assertThat(Await.until(() -> staying.receiver.logicalConnections() == 6
        && leaving.receiver.logicalConnections() == 0, REHOME_BOUND)).isTrue();
    for (TestClient c : all) {
      c.drain("Ticker");
      assertThat(c.await("Ticker", r -> r.path("Sequence").asLong() > 0, WAIT)).isNotNull();
    }
    assertThat(upstreams(proxy).pools()).extracting(UpstreamPool::url).containsExactly(staying.url());
  }

  @Test
  void noAppServerReachable_callsFailAtOnceWithNoUpstream() {
    ForwardingStack.Proxy proxy = proxy(List.of("http://127.0.0.1:9/dotnetify", "http://127.0.0.2:9/dotnetify"));
    TestClient client = client(proxy);

    long start = System.nanoTime();
    Throwable error = catchError(client.requestAsync("Echo", Map.of()));

    assertThat(error).hasMessageContaining("No app server is reachable from this proxy (127.0.0.1:9, 127.0.0.2:9)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(metrics.refusedCount(Refusal.NO_UPSTREAM)).isEqualTo(1);
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void oneUrl_behavesAsBefore_aRestartKeepsItsClientsWithoutCountingAMove() {
    ForwardingStack.App app = stack.app();
    int port = app.server.port();
    ForwardingStack.Proxy proxy = proxy(List.of(app.url()));
    awaitAllPools(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestClient c = client(proxy);
      all.add(c);
      c.request("Ticker", Map.of("TickInterval", 50));
    }
    assertThat(upstreams(proxy).pools()).singleElement().extracting(UpstreamPool::clients).isEqualTo(4);

    app.close();
    assertThat(Await.until(() -> upstreams(proxy).connected() == 0, WAIT)).isTrue();
    ForwardingStack.App restarted = stack.app(port, b -> {});

    assertThat(Await.until(() -> restarted.receiver.logicalConnections() == 4, WAIT)).isTrue();
    for (TestClient c : all) {
      c.drain("Ticker");
      assertThat(c.await("Ticker", r -> r.path("Sequence").asLong() > 0, WAIT)).isNotNull();
    }
    assertThat(metrics.rehomedCount()).as("back on the same app server: not a move between servers").isZero();
  }
}
