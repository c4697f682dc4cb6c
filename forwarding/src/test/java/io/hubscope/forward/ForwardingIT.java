package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.protocol.HubProtocols;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a client behind a proxy gets, and what the app server sees of it. */
class ForwardingIT extends ForwardingITSupport {

  @Test
  void forward_appSeesClientsOwnIdIpAndUserAgent() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(app);
    awaitPool(proxy);
    TestClient client = track(TestClient.connect(proxy.url(), "Mozilla/5.0 (Test) Behind-Proxy", HubProtocols.JSON));

    JsonNode whoami = client.request("Whoami", Map.of());

    assertThat(whoami.get("ConnectionId").asString()).isEqualTo(client.connectionId());
    assertThat(whoami.get("UserAgent").asString()).isEqualTo("Mozilla/5.0 (Test) Behind-Proxy");
    assertThat(whoami.get("RemoteIp").asString()).isEqualTo("127.0.0.1");
    assertThat(whoami.get("RemotePort").asInt()).isPositive();
    assertThat(whoami.get("Origin").asString()).as("allow-listed header").isEqualTo("https://app.example");
    assertThat(whoami.get("Cookie").asString()).as("cookies stay on the proxy").isEmpty();
    assertThat(app.hub().connections().get(client.connectionId())).isNotNull();
  }

  @Test
  void broadcast_reachesEveryClientOnBothProxiesExactlyOnce() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy one = stack.proxy(app, ForwardingStack.options("one").build());
    ForwardingStack.Proxy two = stack.proxy(app, ForwardingStack.options("two").build());
    awaitPool(one);
    awaitPool(two);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) all.add(client(i % 2 == 0 ? one : two));
    for (TestClient c : all) c.request("Ticker", Map.of("TickInterval", 50));

    // Every client sees a run of consecutive sequence numbers: no duplicate, no gap.
    long target = 0;
    for (TestClient c : all) c.drain("Ticker");
    JsonNode mark = all.get(0).await("Ticker", r -> r.has("Sequence"), WAIT);
    target = mark.get("Sequence").asLong() + 20;
    for (TestClient c : all) {
      List<Long> seen = new ArrayList<>();
      long last = 0;
      while (last < target) {
        JsonNode r = c.next("Ticker", WAIT);
        assertThat(r).as("tick for %s", c.connectionId()).isNotNull();
        if (!r.has("Sequence")) continue;
        last = r.get("Sequence").asLong();
        seen.add(last);
      }
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i)).as("ticks of %s: %s", c.connectionId(), seen).isEqualTo(seen.get(i - 1) + 1);
      }
    }
    assertThat(app.receiver.logicalConnections()).isEqualTo(10);
  }

  @Test
  void chatRoom_spanningTwoProxies_deliversEachMessageOnceToEveryMember() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy one = stack.proxy(app, ForwardingStack.options("one").build());
    ForwardingStack.Proxy two = stack.proxy(app, ForwardingStack.options("two").build());
    awaitPool(one);
    awaitPool(two);
    TestClient direct = track(TestClient.connect(app.url()));
    List<TestClient> members = new ArrayList<>(List.of(direct));
    for (int i = 0; i < 8; i++) members.add(client(i % 2 == 0 ? one : two));
    TestClient outsider = client(one);
    for (TestClient c : members) c.request("ChatRoom", Map.of("Room", "Room1"));
    outsider.request("ChatRoom", Map.of("Room", "Room2"));

    int messages = 0;
    for (TestClient sender : members) {
      sender.update("ChatRoom", Map.of("Send", Map.of("Id", "m" + messages, "Text", "hi"))).block(WAIT);
      messages++;
    }

    for (TestClient c : members) {
      List<String> ids = new ArrayList<>();
      while (ids.size() < messages) {
        JsonNode r = c.next("ChatRoom", WAIT);
        assertThat(r).as("messages for %s so far: %s", c.connectionId(), ids).isNotNull();
        JsonNode added = r.path("Messages_add");
        if (added.isArray()) added.forEach(m -> ids.add(m.get("Id").asString()));
        else if (added.isObject()) ids.add(added.get("Id").asString());
      }
      assertThat(ids).as("each message once, in order").containsExactly(
          "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
      assertThat(c.next("ChatRoom", Duration.ofMillis(200))).as("no duplicate").isNull();
    }
    assertThat(outsider.next("ChatRoom", Duration.ofMillis(200))).as("another room hears nothing").isNull();
  }

  @Test
  void echo_keepsPerClientOrderWithManyConcurrentClients() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(app);
    awaitPool(proxy);
    List<TestClient> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) all.add(client(proxy));
    for (TestClient c : all) c.request("Echo", Map.of());
    int pings = 50;

    // Fire every ping of every client without waiting, interleaved across clients.
    for (int n = 1; n <= pings; n++) {
      for (TestClient c : all) c.update("Echo", Map.of("Ping", n)).subscribe();
    }

    for (TestClient c : all) {
      List<Long> pongs = new ArrayList<>();
      while (pongs.isEmpty() || pongs.get(pongs.size() - 1) < pings) {
        JsonNode r = c.next("Echo", WAIT);
        assertThat(r).as("pongs of %s so far: %s", c.connectionId(), pongs).isNotNull();
        pongs.add(r.get("Pong").asLong());
      }
      assertThat(pongs).as("pongs of %s", c.connectionId()).hasSize(pings).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void messagePackUpstream_servesJsonAndMessagePackClients() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(app, ForwardingStack.options("mp").useMessagePack(true).build());
    awaitPool(proxy);
    TestClient json = track(TestClient.connect(proxy.url(), "json-client", HubProtocols.JSON));
    TestClient mp = track(TestClient.connect(proxy.url(), "mp-client", HubProtocols.MESSAGE_PACK));

    assertThat(json.request("Whoami", Map.of()).get("UserAgent").asString()).isEqualTo("json-client");
    assertThat(mp.request("Whoami", Map.of()).get("UserAgent").asString()).isEqualTo("mp-client");
    json.request("Echo", Map.of());
    json.update("Echo", Map.of("Ping", 42)).block(WAIT);
    assertThat(json.await("Echo", r -> r.path("Pong").asLong() == 42, WAIT)).isNotNull();
  }

  @Test
  void chainedForwarders_routeByViewModel() {
    ForwardingStack.App chat = stack.app();
    ForwardingStack.App rest = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(io.hubscope.hub.transport.NegotiatePolicy.OPEN,
        new ForwardingStack.Forward(chat::url,
            ForwardingStack.options("p").filter(ctx -> ctx.vmId().startsWith("ChatRoom")).build()),
        new ForwardingStack.Forward(rest::url, ForwardingStack.options("p").build()));
    assertThat(Await.until(() -> proxy.forwarders.stream().allMatch(f -> f.pool().connected() == 3), WAIT)).isTrue();
    TestClient client = client(proxy);

    client.request("ChatRoom", Map.of("Room", "Room1"));
    assertThat(chat.receiver.logicalConnections()).isEqualTo(1);
    assertThat(rest.receiver.logicalConnections()).isZero();

    client.request("Whoami", Map.of());
    assertThat(rest.receiver.logicalConnections()).isEqualTo(1);
    assertThat(chat.hub().groups().groupCount()).isEqualTo(1);
    assertThat(rest.hub().groups().groupCount()).isZero();

    client.close();
    assertThat(Await.until(() -> chat.receiver.logicalConnections() + rest.receiver.logicalConnections() == 0, WAIT))
        .isTrue();
  }

  @Test
  void haltPipelineOff_mirrorsCallsUpstreamWhileTheLocalHubAnswers() {
    ForwardingStack.App observer = stack.app();
    io.hubscope.hub.server.HubServerBuilder builder = io.hubscope.hub.server.HubServer.builder()
        .viewModels(io.hubscope.hub.server.ViewModels.of(io.hubscope.forward.testing.TestViewModels.registry()));
    ForwardingMiddleware tap = stack.track(ForwardingMiddleware.install(builder, observer.url(),
        ForwardingStack.options("tap").haltPipeline(false).poolSize(1).build()));
    io.hubscope.hub.testing.HubTestServer local = stack.track(new io.hubscope.hub.testing.HubTestServer(builder.build()));
    assertThat(Await.until(() -> tap.pool().connected() == 1, WAIT)).isTrue();
    TestClient client = track(TestClient.connect(local.url()));

    JsonNode whoami = client.request("Whoami", Map.of());

    assertThat(whoami.get("ConnectionId").asString()).isEqualTo(client.connectionId());
    assertThat(Await.until(() -> observer.receiver.logicalConnections() == 1, WAIT)).as("mirrored upstream").isTrue();
    assertThat(client.next("Whoami", Duration.ofMillis(300))).as("the upstream's answer is not delivered again").isNull();
  }
}
