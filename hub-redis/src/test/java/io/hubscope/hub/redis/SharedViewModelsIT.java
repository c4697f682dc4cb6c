package io.hubscope.hub.redis;

import static io.hubscope.hub.redis.ClusterFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hubscope.hub.redis.ClusterFixtures.Client;
import io.hubscope.hub.redis.ClusterFixtures.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.hubscope.hub.testing.BlockHoundSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two hub servers in one JVM sharing view models and groups through the local Redis, under
 * BlockHound: the cluster path never blocks a hub or Lettuce event loop.
 */
class SharedViewModelsIT {

  static final String REDIS = "redis://127.0.0.1:6379";

  Node a;
  Node b;

  @BeforeAll
  static void watchEventLoops() {
    // Spring's codec defaults are read from a jar once per JVM, on the first request: not per message.
    org.springframework.http.codec.ServerCodecConfigurer.create();
    BlockHoundSupport.install();
  }

  @BeforeEach
  void start() {
    String prefix = ClusterFixtures.prefix();
    a = Node.start(ClusterFixtures.options(REDIS, prefix, "a").build());
    b = Node.start(ClusterFixtures.options(REDIS, prefix, "b").build());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
  }

  @Test
  void chatRoom_everyMemberOnEitherServerGetsEachMessageOnceInOneOrder() {
    Client onA = a.connect();
    Client onB1 = b.connect();
    Client onB2 = b.connect();
    List<Client> members = List.of(onA, onB1, onB2);
    for (Client c : members) {
      c.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
      assertThat(c.next("Chat").has("Messages")).as("full state").isTrue();
    }
    assertThat(a.cluster().ownedCount() + b.cluster().ownedCount()).isEqualTo(1);

    // Senders on both servers at once: the owner orders them, every member sees that one order.
    int perSender = 15;
    List<reactor.core.publisher.Mono<JsonNode>> sends = new ArrayList<>();
    for (int i = 0; i < perSender; i++) {
      sends.add(onA.connection().invoke("Update_VM", "Chat", say("a" + i)));
      sends.add(onB1.connection().invoke("Update_VM", "Chat", say("b" + i)));
    }
    reactor.core.publisher.Flux.merge(sends).blockLast(WAIT);
    // A marker after everything: what a member got before it is all it will ever get of the rest.
    onB2.connection().invoke("Update_VM", "Chat", say("end")).block(WAIT);

    List<List<String>> seen = new ArrayList<>();
    for (Client c : members) {
      List<String> ids = new ArrayList<>();
      while (!ids.contains("end")) {
        JsonNode data = c.next("Chat");
        assertThat(data.has("Messages_add")).as("a message, not %s", data).isTrue();
        ids.add(data.get("Messages_add").get("Id").asString());
      }
      seen.add(ids);
    }
    assertThat(seen.get(0)).hasSize(2 * perSender + 1).doesNotHaveDuplicates();
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(seen.get(2)).isEqualTo(seen.get(0));
    // Per sender, its own order is kept.
    assertThat(seen.get(0).stream().filter(id -> id.startsWith("a")).toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perSender).mapToObj(i -> "a" + i).toList());
  }

  @Test
  void timer_ticksOnceInTheClusterAndBothServersSeeTheSameValues() {
    Client onA = a.connect();
    Client onB = b.connect();
    onA.connection().invoke("Request_VM", "Ticker", Map.of()).block(WAIT);
    onB.connection().invoke("Request_VM", "Ticker", Map.of()).block(WAIT);
    onA.next("Ticker");
    onB.next("Ticker");

    assertThat(ClusterFixtures.Ticker.LIVE.get()).as("instances running in the cluster").isEqualTo(1);
    List<Integer> fromA = ticks(onA, 10);
    List<Integer> fromB = ticks(onB, 10);
    // One timer: consecutive values on each side, and the sides overlap value for value.
    assertThat(fromA).isEqualTo(consecutive(fromA.get(0), 10));
    assertThat(fromB).isEqualTo(consecutive(fromB.get(0), 10));
    assertThat(Math.abs(fromA.get(0) - fromB.get(0))).isLessThan(5);
  }

  @Test
  void group_addedOnA_sentFromB_reachesMembersOnBoth() {
    Client onA = a.connect();
    Client onB = b.connect();
    a.server().hub().groups().add(onA.connection().connectionId(), "news");
    b.server().hub().groups().add(onB.connection().connectionId(), "news");

    b.server().hub().responder().respondToGroup("news", "News", "{\"Headline\":\"hello\"}", List.of());

    assertThat(onA.next("News").get("Headline").asString()).isEqualTo("hello");
    assertThat(onB.next("News").get("Headline").asString()).isEqualTo("hello");
  }

  @Test
  void lastMemberLeaving_releasesTheLease() {
    Client onA = a.connect();
    Client onB = b.connect();
    onA.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onB.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onA.connection().invoke("Dispose_VM", "Chat").block(WAIT);
    onB.connection().invoke("Dispose_VM", "Chat").block(WAIT);

    await().atMost(Duration.ofSeconds(5))
        .until(() -> a.cluster().ownedCount() + b.cluster().ownedCount() == 0);
    assertThat(a.server().hub().viewModels().holders("Chat")).isEmpty();
  }

  static Map<String, Object> say(String id) {
    return Map.of("Say", Map.of("Id", id, "Text", "text of " + id));
  }

  static List<Integer> ticks(Client client, int count) {
    List<Integer> values = new ArrayList<>();
    while (values.size() < count) values.add(client.nextWith("Ticker", "Tick", WAIT).get("Tick").asInt());
    return values;
  }

  static List<Integer> consecutive(int from, int count) {
    return java.util.stream.IntStream.range(from, from + count).boxed().toList();
  }
}
