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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An app server and proxies on real sockets: what a client behind a proxy gets, and what the app sees. */
class ForwardingIT {

  final ForwardingStack stack = new ForwardingStack();
  final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException e) {
        // already closed by the test
      }
    });
    stack.close();
  }

  TestClient client(ForwardingStack.Proxy proxy) {
    return track(TestClient.connect(proxy.url()));
  }

  TestClient track(TestClient c) {
    clients.add(c);
    return c;
  }

  static void awaitPool(ForwardingStack.Proxy proxy) {
    assertThat(Await.until(() -> proxy.forwarder().pool().connected() == proxy.forwarder().pool().size(), WAIT))
        .as("pool of %s connected", proxy.url()).isTrue();
  }

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
}
