package io.hubscope.tap;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.tap.metrics.DropCause;
import io.hubscope.tap.testing.FakeObserver;
import io.hubscope.tap.testing.TappedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tap on a real proxy or app server, reporting to a fake observer over the wire contract. */
class TapIT {

  static boolean is(JsonNode e, String type, String conn) {
    return type.equals(e.path("type").asString()) && (conn == null || conn.equals(e.path("conn").asString()));
  }

  static boolean msg(JsonNode e, String dir, String call, String conn) {
    return is(e, "msg", conn) && dir.equals(e.path("dir").asString()) && call.equals(e.path("call").asString());
  }

  @Test
  void tap_onProxy_mirrorsOpenCallsPushesCloseAndHost() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      TestClient c = stack.track(TestClient.connect(proxy.url()));
      String id = c.connectionId();
      c.request("Echo", Map.of());
      c.update("Echo", Map.of("Ping", 7)).block(WAIT);
      assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 7, WAIT)).isNotNull();
      c.close();

      JsonNode open = observer.await(e -> is(e, "open", id), WAIT);
      assertThat(open).isNotNull();
      assertThat(open.path("ip").asString()).isEqualTo("127.0.0.1");
      assertThat(open.path("port").asInt()).isPositive();
      assertThat(open.path("ua").asString()).isEqualTo("hubscope-test");
      assertThat(open.at("/headers/origin").asString()).isEqualTo("https://app.example");
      assertThat(open.at("/headers/user-agent").asString()).isEqualTo("hubscope-test");
      assertThat(open.path("headers").has("cookie")).as("cookie is not a mirrored header").isFalse();
      assertThat(open.path("transport").asString()).isEqualTo("WebSockets");
      assertThat(open.path("protocol").asString()).isEqualTo("json");

      JsonNode in = observer.await(e -> msg(e, "in", "Update_VM", id), WAIT);
      assertThat(in).isNotNull();
      assertThat(in.path("vm").asString()).isEqualTo("Echo");
      assertThat(in.path("payload").asString()).isEqualTo("{\"Ping\":7}");
      assertThat(in.path("truncated").asBoolean()).isFalse();
      assertThat(in.path("size").asInt()).isEqualTo(HubProtocols.JSON.encode(new InvocationMessage(null, "Update_VM",
          List.of(TestClient.JSON.getNodeFactory().stringNode("Echo"), TestClient.JSON.readTree("{\"Ping\":7}")))).length);
      assertThat(observer.await(e -> msg(e, "in", "Request_VM", id), WAIT)).isNotNull();

      JsonNode out = observer.await(e -> msg(e, "out", "Response_VM", id) && e.path("payload").asString().contains("\"Pong\":7"), WAIT);
      assertThat(out).isNotNull();
      assertThat(out.path("vm").asString()).isEqualTo("Echo");
      assertThat(out.has("recipients")).isFalse();
      String vmData = out.path("payload").asString();
      assertThat(out.path("size").asInt()).as("bytes on the wire to a JSON client").isEqualTo(HubProtocols.JSON.encode(
          new InvocationMessage(null, "Response_VM", List.of(TestClient.JSON.createArrayNode().add("Echo").add(vmData)))).length);

      JsonNode close = observer.await(e -> is(e, "close", id), WAIT);
      assertThat(close).isNotNull();
      assertThat(close.path("reason").asString()).isEqualTo("normal");

      JsonNode host = observer.await(e -> is(e, "host", null), WAIT);
      assertThat(host).isNotNull();
      assertThat(host.path("cpuSystem").asDouble()).isBetween(0.0, 1.0);
      assertThat(host.path("cpuProcess").asDouble()).isBetween(0.0, 1.0);
      assertThat(host.path("memTotal").asLong()).isPositive();
      assertThat(host.path("memUsed").asLong()).isPositive();
      assertThat(host.path("heapUsed").asLong()).isPositive();
      assertThat(host.has("connections") && host.has("queueDepth") && host.has("queueBytes")).isTrue();

      List<JsonNode> batches = observer.batches();
      assertThat(batches.get(0).at("/node/role").asString()).isEqualTo("proxy");
      assertThat(batches.get(0).at("/node/name").asString()).isEqualTo("p1");
      assertThat(batches.get(0).at("/events/0/type").asString()).as("first event after connecting").isEqualTo("resync");
      for (int i = 1; i < batches.size(); i++) {
        assertThat(batches.get(i).path("seq").asLong()).isEqualTo(batches.get(i - 1).path("seq").asLong() + 1);
      }
    }
  }

  @Test
  void tap_onProxy_reportsAGroupPushAsOneFanOutWithItsRecipients() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TestClient c = stack.track(TestClient.connect(proxy.url()));
        c.request("ChatRoom", Map.of());
        clients.add(c);
      }
      clients.get(0).update("ChatRoom", Map.of("Send", Map.of("Id", "m1", "Text", "hello all"))).block(WAIT);

      JsonNode fanOut = observer.await(e -> msg(e, "out", "Response_VM", null) && !e.has("conn")
          && e.path("payload").asString().contains("hello all"), WAIT);
      assertThat(fanOut).isNotNull();
      assertThat(fanOut.path("recipients").asInt()).isEqualTo(3);
      assertThat(fanOut.path("vm").asString()).isEqualTo("ChatRoom");
      assertThat(fanOut.path("group").asString()).isNotEmpty();
      assertThat(observer.events().stream().filter(e -> msg(e, "out", "Response_VM", null) && e.has("conn")
          && e.path("payload").asString().contains("hello all")))
          .as("no per-connection copies of a fan-out").isEmpty();
    }
  }

  @Test
  void tap_onAppServer_reportsDirectClients_andSkipsClientsBehindProxiesAndTheirPooledConnections() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      Tap[] tap = new Tap[1];
      // As app-server wires it: the receiver's proof check tells the proxy's pooled connection apart.
      ForwardingStack.App app = TappedStack.app(stack, TappedStack.options(observer.url(), "app", "a1")
          .notClients(ForwardReceiver.create(ForwardingStack.SECRET)::isProxyConnection).build(), tap);
      ForwardingStack.Proxy proxy = stack.proxy(app);
      assertThat(Await.until(tap[0]::connected, WAIT)).isTrue();
      TestClient direct = stack.track(TestClient.connect(app.url()));
      TestClient proxied = stack.track(TestClient.connect(proxy.url()));
      for (TestClient c : List.of(proxied, direct)) {
        c.request("Echo", Map.of());
        c.update("Echo", Map.of("Ping", 3)).block(WAIT);
        assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 3, WAIT)).isNotNull();
      }
      assertThat(observer.await(e -> msg(e, "out", "Response_VM", direct.connectionId())
          && e.path("payload").asString().contains("\"Pong\":3"), WAIT)).isNotNull();
      assertThat(observer.await(e -> is(e, "open", direct.connectionId()), WAIT)).isNotNull();
      assertThat(observer.batches().get(0).at("/node/role").asString()).isEqualTo("app");
      // The tap sends in order: the proxied client's calls were offered before the direct client's
      // last push, so had they been mirrored, they would have arrived by now.
      assertThat(observer.events()).noneMatch(e -> proxied.connectionId().equals(e.path("conn").asString()));
      List<String> mirrored = new ArrayList<>();
      for (JsonNode e : observer.events()) {
        if (is(e, "open", null)) mirrored.add(e.path("conn").asString());
        if (is(e, "resync", null)) e.path("conns").forEach(c -> mirrored.add(c.path("conn").asString()));
      }
      assertThat(mirrored).as("connections mirrored as clients").containsOnly(direct.connectionId());
    }
  }

  @Test
  void tap_onAppServer_reportsTheProxiesLinkedToIt_andForgetsOneThatLeaves() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      Tap[] tap = new Tap[1];
      ForwardingStack.App app = TappedStack.linkedApp(stack, TappedStack.options(observer.url(), "app", "a1")
          .notClients(ForwardReceiver.create(ForwardingStack.SECRET)::isProxyConnection), tap);
      ForwardingStack.Proxy edge1 = stack.redirectTarget(app, "edge-1");
      stack.proxy(app, ForwardingStack.options("edge-2").build());

      JsonNode both = observer.await(e -> is(e, "host", null) && linkNames(e).size() == 2, WAIT);
      assertThat(both).as("a host event listing both proxies").isNotNull();
      assertThat(linkNames(both)).containsExactlyInAnyOrder("edge-1", "edge-2");
      JsonNode link1 = both.get("links").valueStream()
          .filter(l -> "edge-1".equals(l.path("name").asString())).findFirst().orElseThrow();
      assertThat(link1.path("role").asString()).isEqualTo("proxy");
      assertThat(link1.path("id").asString()).startsWith("edge-1");
      assertThat(link1.path("url").asString()).isEqualTo(edge1.url());

      edge1.close();
      assertThat(observer.await(e -> is(e, "host", null) && linkNames(e).equals(List.of("edge-2")), WAIT))
          .as("a host event after edge-1 left, listing edge-2 only").isNotNull();
    }
  }

  static List<String> linkNames(JsonNode host) {
    List<String> names = new ArrayList<>();
    host.path("links").forEach(l -> names.add(l.path("name").asString()));
    return names;
  }

  @Test
  void tap_resyncsLiveConnectionsAfterTheObserverRestarts() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      TestClient stays = stack.track(TestClient.connect(proxy.url()));
      TestClient leaves = stack.track(TestClient.connect(proxy.url()));

      observer.stop();
      assertThat(Await.until(() -> !proxy.tap.connected(), WAIT)).isTrue();
      leaves.close();
      TestClient arrives = stack.track(TestClient.connect(proxy.url()));
      assertThat(Await.until(() -> proxy.tap.dropped(DropCause.OBSERVER_DOWN) >= 2, WAIT)).isTrue();
      observer.restart();

      JsonNode resync = observer.await(e -> is(e, "resync", null), WAIT);
      assertThat(resync).isNotNull();
      Set<String> listed = new java.util.HashSet<>();
      resync.path("conns").forEach(c -> listed.add(c.path("conn").asString()));
      assertThat(listed).containsExactlyInAnyOrder(stays.connectionId(), arrives.connectionId());
      assertThat(resync.path("part").asInt()).isZero();
      assertThat(resync.path("last").asBoolean()).as("two connections fit one chunk").isTrue();
      JsonNode entry = resync.path("conns").get(0);
      assertThat(entry.has("type")).isFalse();
      assertThat(entry.path("ua").asString()).isEqualTo("hubscope-test");
      assertThat(observer.batches().get(0).at("/events/0/type").asString()).isEqualTo("resync");
      assertThat(observer.batches().get(0).at("/dropped/observer_down").asLong()).isGreaterThanOrEqualTo(2);
    }
  }

  /**
   * 30,000 open connections are about 13 MB of resync, three times what the observer takes in one
   * batch (FakeObserver refuses messages over 4 MiB, the observer's default): it goes in chunks.
   */
  @Test
  void tap_resyncsThirtyThousandConnectionsInChunksTheObserverTakes_beforeQueuedEvents() {
    List<TapEvent.Open> open = TapSenderTests.browsers(30_000);
    try (FakeObserver observer = new FakeObserver()) {
      TapOptions options = TappedStack.options(observer.url(), "proxy", "p1").sendTimeout(java.time.Duration.ofSeconds(10))
          .build();
      TapQueue queue = new TapQueue(100, 1 << 20);
      queue.offer(new TapEvent.Close(System.currentTimeMillis(), "queued-before-connect", "normal", null));
      TapSender sender = new TapSender(options, queue, new Drops(options.metrics()), () -> open,
          TapSenderTests.JSON, new TapCommands(io.hubscope.tap.metrics.TapMetrics.NOOP));
      sender.start();
      try {
        assertThat(observer.await(e -> is(e, "close", "queued-before-connect"), java.time.Duration.ofSeconds(60)))
            .isNotNull();
      } finally {
        sender.close();
      }

      List<JsonNode> batches = observer.batches();
      int chunks = 0;
      Set<String> listed = new java.util.HashSet<>();
      for (JsonNode batch : batches) {
        JsonNode first = batch.at("/events/0");
        if (!is(first, "resync", null)) break;
        assertThat(batch.path("events").size()).as("a chunk is a batch of its own").isEqualTo(1);
        assertThat(TestClient.JSON.writeValueAsBytes(batch).length).isLessThanOrEqualTo((int) options.batchMaxBytes());
        assertThat(first.path("part").asInt()).isEqualTo(chunks++);
        first.path("conns").forEach(c -> listed.add(c.path("conn").asString()));
        if (first.path("last").asBoolean()) break;
      }
      assertThat(chunks).isGreaterThan(1);
      assertThat(batches.get(chunks - 1).at("/events/0/last").asBoolean()).isTrue();
      assertThat(listed).hasSize(30_000);
      assertThat(batches.get(chunks).at("/events/0/conn").asString()).as("the queued event, after the resync")
          .isEqualTo("queued-before-connect");
    }
  }

  @Test
  void tap_withAWrongToken_countsObserverDownAndKeepsRetrying() {
    try (FakeObserver observer = new FakeObserver();
        Tap tap = new Tap(TappedStack.options(observer.url(), "proxy", "p1").token("wrong").build()).start()) {
      assertThat(Await.until(() -> observer.negotiations() >= 3, WAIT)).as("retries").isTrue();
      assertThat(Await.until(() -> tap.dropped(DropCause.OBSERVER_DOWN) >= 2, WAIT)).isTrue();
      assertThat(tap.connected()).isFalse();
      assertThat(observer.batches()).isEmpty();
      tap.close();
      assertThat(Thread.getAllStackTraces().keySet()).as("sender threads left running")
          .noneMatch(t -> t.getName().equals("hubscope-tap-sender") && t.isAlive());
    }
  }

  @Test
  void tap_sampledOutPayloads_keepExactCountsAndSizes() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").payloadSampleRate(0).build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      TestClient c = stack.track(TestClient.connect(proxy.url()));
      c.request("Echo", Map.of());
      for (int n = 1; n <= 5; n++) c.update("Echo", Map.of("Ping", n)).block(WAIT);
      assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 5, WAIT)).isNotNull();
      String id = c.connectionId();
      assertThat(Await.until(() -> observer.events().stream().filter(e -> msg(e, "out", "Response_VM", id)).count() == 6,
          WAIT)).as("one push for the request and one per ping").isTrue();
      List<JsonNode> ins = observer.events().stream().filter(e -> msg(e, "in", "Update_VM", id)).collect(Collectors.toList());
      assertThat(ins).hasSize(5);
      assertThat(ins).allMatch(e -> !e.has("payload") && e.path("size").asInt() > 0);
      assertThat(observer.events().stream().filter(e -> is(e, "msg", id))).allMatch(e -> !e.has("payload"));
    }
  }

  @Test
  void tap_truncatesPayloadsToTheLimit() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").payloadMaxBytes(8).build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      TestClient c = stack.track(TestClient.connect(proxy.url()));
      c.request("Echo", Map.of());
      c.update("Echo", Map.of("Ping", 123456789)).block(WAIT);
      JsonNode in = observer.await(e -> msg(e, "in", "Update_VM", c.connectionId()), WAIT);
      assertThat(in).isNotNull();
      assertThat(in.path("payload").asString()).isEqualTo("{\"Ping\":");
      assertThat(in.path("truncated").asBoolean()).isTrue();
      assertThat(in.path("size").asInt()).isGreaterThan(8);
    }
  }

  @Test
  void tap_onClose_flushesTheClosesOfTheHubsShutdown() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").linger(java.time.Duration.ofSeconds(60)).build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      TestClient c = stack.track(TestClient.connect(proxy.url()));
      proxy.close();
      // Arriving well inside the minute-long linger proves the close did not wait it out; a 100 ms
      // bound against a 5 s linger failed on a loaded machine that was merely slow to send.
      JsonNode close = observer.await(e -> is(e, "close", c.connectionId()), WAIT);
      assertThat(close).as("sent on close, without waiting out the linger").isNotNull();
      assertThat(close.path("reason").asString()).isEqualTo("server_shutdown");
    }
  }
}
