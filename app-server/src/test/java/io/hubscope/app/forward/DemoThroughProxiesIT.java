package io.hubscope.app.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.server.HubServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The demo view models, unchanged, behind two proxies: clients negotiate with the app server,
 * are redirected to a proxy, and get what a direct client gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hubscope.app.shared-secret=" + ForwardingStack.SECRET,
    "hubscope.app.redirect-to-proxies=true"})
class DemoThroughProxiesIT {

  @LocalServerPort int port;
  @Autowired HubServer hub;
  @Autowired ForwardReceiver receiver;

  final ForwardingStack stack = new ForwardingStack();
  final List<TestClient> clients = new ArrayList<>();
  ForwardingStack.Proxy one;
  ForwardingStack.Proxy two;

  String appUrl() {
    return "http://127.0.0.1:" + port + "/dotnetify";
  }

  @BeforeEach
  void startProxies() {
    one = stack.redirectTarget(this::appUrl, "demo-one");
    two = stack.redirectTarget(this::appUrl, "demo-two");
    assertThat(Await.until(() -> receiver.directory().proxies().size() == 2, WAIT)).isTrue();
  }

  @AfterEach
  void close() {
    clients.forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closed by the test
      }
    });
    stack.close();
    assertThat(Await.until(() -> receiver.logicalConnections() == 0, WAIT)).as("no logical connection leaks").isTrue();
  }

  List<TestClient> redirectedClients(int n) {
    for (int i = 0; i < n; i++) clients.add(TestClient.connect(appUrl()));
    assertThat(one.forwarder().pool().clients()).isEqualTo(n / 2);
    assertThat(two.forwarder().pool().clients()).isEqualTo(n - n / 2);
    return clients;
  }

  @Test
  void broadcastVM_tickReachesEveryClientOnBothProxiesExactlyOnce() {
    List<TestClient> all = redirectedClients(8);
    for (TestClient c : all) c.request("BroadcastVM", Map.of("TickInterval", 50));

    for (TestClient c : all) {
      List<Long> sequences = new ArrayList<>();
      while (sequences.size() < 15) {
        JsonNode r = c.next("BroadcastVM", WAIT);
        assertThat(r).as("ticks of %s so far: %s", c.connectionId(), sequences).isNotNull();
        if (r.path("Tick").has("Sequence")) sequences.add(r.get("Tick").get("Sequence").asLong());
      }
      for (int i = 1; i < sequences.size(); i++) {
        assertThat(sequences.get(i)).as("ticks of %s: %s", c.connectionId(), sequences).isEqualTo(sequences.get(i - 1) + 1);
      }
    }
  }

  @Test
  void echoVM_pingsCarryTheClientsOwnIdAndKeepOrderThroughTheProxy() {
    List<TestClient> all = redirectedClients(6);
    // The first ping is due 20 ms after the request: on a loaded machine it is often set before the
    // full state goes out, and then it comes inside that state (request() returns it), not as a
    // push of its own; waiting for a push then waited for good (2 in 5 runs at load 20).
    Map<TestClient, JsonNode> firstPings = new java.util.HashMap<>();
    for (TestClient c : all) {
      JsonNode state = c.request("EchoVM", Map.of("PingInterval", 20));
      if (state != null && state.path("Ping").isObject()) firstPings.put(c, state);
    }

    for (int round = 1; round <= 5; round++) {
      for (TestClient c : all) {
        JsonNode ping = round == 1 && firstPings.containsKey(c) ? firstPings.get(c)
            : c.await("EchoVM", r -> r.path("Ping").isObject(), WAIT);
        assertThat(ping).as("round %d, client %s", round, c.connectionId()).isNotNull();
        assertThat(ping.get("Ping").get("ConnectionId").asString()).isEqualTo(c.connectionId());
        assertThat(ping.get("Ping").get("Sequence").asLong()).isEqualTo(round);
        c.update("EchoVM", Map.of("Pong", ping.get("Ping"))).block(WAIT);
      }
    }
    assertThat(hub.connections().get(all.get(0).connectionId()).info().remoteIp()).isEqualTo("127.0.0.1");
  }

  @Test
  void chatRoomVM_spanningBothProxies_deliversEachMessageOnceToEveryMember() {
    List<TestClient> all = redirectedClients(6);
    for (TestClient c : all) c.request("ChatRoomVM", Map.of("ChatRoom", "Room1"));

    for (int i = 0; i < all.size(); i++) {
      all.get(i).update("ChatRoomVM", Map.of("SendMessage", Map.of("MessageId", "m" + i, "SenderId",
          all.get(i).connectionId(), "Time", 0, "Sequence", i, "Text", "hello"))).block(WAIT);
    }

    for (TestClient c : all) {
      List<String> ids = new ArrayList<>();
      while (ids.size() < all.size()) {
        JsonNode r = c.next("ChatRoomVM", WAIT);
        assertThat(r).as("messages of %s so far: %s", c.connectionId(), ids).isNotNull();
        JsonNode added = r.path("Messages_add");
        if (added.isArray()) added.forEach(m -> ids.add(m.get("MessageId").asString()));
        else if (added.isObject()) ids.add(added.get("MessageId").asString());
      }
      assertThat(ids).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
      assertThat(c.next("ChatRoomVM", Duration.ofMillis(200))).as("no duplicate").isNull();
    }
  }
}
