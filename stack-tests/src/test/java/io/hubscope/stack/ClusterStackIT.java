package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hubscope.stack.StackClients.Client;
import io.hubscope.stack.StackClients.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared state is one state across the cluster's processes ({@link ClusterStack}: 2 proxies × 2
 * app servers on a Redis of the test's own): a chat room whose members are spread over all four
 * paths, the stock ticker, and a Redis restart under chat load. Each test starts from a healthy
 * cluster and uses a room of its own.
 */
class ClusterStackIT {

  static final int MEMBERS = 200;
  static final Duration RESUME_BOUND = Duration.ofSeconds(5);
  static final JsonMapper JSON = JsonMapper.builder().build();

  static ClusterStack cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ClusterStack.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void healthy() {
    cluster.awaitHealthy(Duration.ofSeconds(30));
  }

  @Test
  void chatRoom_200MembersOnAllFourPaths_everyMessageReachesEveryMemberOnce_inOneOrder() throws Exception {
    try (StackClients clients = StackClients.connect(cluster.demo, MEMBERS)) {
      clients.join(cluster.health, ChatTraffic.VM, Map.of("ChatRoom", room()));
      assertEveryPathTaken(clients);
      List<Client> senders = ClusterStack.twoPerPath(clients);

      try (ChatTraffic chat = new ChatTraffic(clients.all(), senders)) {
        chat.start(Duration.ofMillis(250));
        await().atMost(Duration.ofSeconds(60)).until(() -> chat.sent().size() >= 160);
        chat.stop(Duration.ofSeconds(15));
        chat.awaitDelivered(Duration.ofSeconds(20));

        assertThat(chat.problems()).as("message account").isEmpty();
        assertThat(chat.outcomes()).as("every message answered OK").containsOnlyKeys("ok");
        List<String> sent = chat.sent().stream().map(s -> s.id).toList();
        List<String> first = chat.views().get(0).order;
        assertThat(first).as("what the first member saw").containsExactlyInAnyOrderElementsOf(sent);
        for (ChatView v : chat.views()) {
          assertThat(v.order).as("%s saw the same messages in the same order as %s", v.client, chat.views().get(0).client)
              .isEqualTo(first);
          assertThat(v.errors).as("errors %s got", v.client).isEmpty();
        }
        System.out.printf("chat: %d members on %s, %d messages from %d senders, each seen once by all, in one order%n",
            MEMBERS, clients.paths(), sent.size(), senders.size());
      }
    }
  }

  @Test
  void stockTicker_clientsOnEitherAppServer_seeTheSamePrices_tickingOnceInTheCluster() {
    try (StackClients clients = StackClients.connect(cluster.demo, 8)) {
      long start = System.nanoTime();
      clients.join(cluster.health, "StockTicker", Map.of());
      assertEveryPathTaken(clients);
      // The demo's ticker moves every second (hubscope.demo.stock-interval).
      Map<Client, List<String>> prices = new LinkedHashMap<>();
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
        for (Client c : clients.all()) prices.computeIfAbsent(c, k -> new ArrayList<>()).addAll(stockUpdates(c));
        return prices.values().stream().allMatch(p -> p.size() >= 6);
      });
      double seconds = (System.nanoTime() - start) / 1e9;

      List<String> reference = prices.get(clients.all().get(0));
      for (int i = 1; i < reference.size(); i++) {
        assertThat(reference.get(i)).as("the prices move from tick to tick").isNotEqualTo(reference.get(i - 1));
      }
      assertThat(reference.size()).as("ticks seen in %.1f s: one timer in the cluster, not one per server", seconds)
          .isLessThanOrEqualTo((int) seconds + 2);
      for (Client c : clients.all()) {
        List<String> seen = prices.get(c);
        int at = reference.indexOf(seen.get(0));
        assertThat(at).as("%s's first prices %s among %s's", c, seen.get(0), clients.all().get(0)).isNotNegative();
        int overlap = Math.min(seen.size(), reference.size() - at);
        assertThat(overlap).as("ticks both saw").isGreaterThanOrEqualTo(4);
        assertThat(seen.subList(0, overlap)).as("%s sees the prices %s sees", c, clients.all().get(0))
            .isEqualTo(reference.subList(at, at + overlap));
      }
      System.out.printf("stock ticker: %d clients on %s saw the same %d ticks in %.1f s%n", clients.all().size(),
          clients.paths(), reference.size(), seconds);
    }
  }

  @Test
  void redisRestartUnderChatLoad_clientsStay_pushesResumeWithin5s_noMessageSilentlyLost() throws Exception {
    try (StackClients clients = StackClients.connect(cluster.demo, MEMBERS)) {
      clients.join(cluster.health, ChatTraffic.VM, Map.of("ChatRoom", room()));
      assertEveryPathTaken(clients);

      try (ChatTraffic chat = new ChatTraffic(clients.all(), ClusterStack.twoPerPath(clients))) {
        chat.start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> chat.sent().size() >= 80 && chat.allDelivered());

        long down = System.nanoTime();
        cluster.redis.stop();
        await().atMost(Duration.ofSeconds(5)).alias("both app servers not ready without Redis").until(() -> {
          for (int port : cluster.demo.appPorts) if (cluster.health.ready(port)) return false;
          return true;
        });
        // Down until senders felt it: a message sent since fails loudly.
        await().atMost(Duration.ofSeconds(10)).alias("a message sent while Redis is down failed")
            .until(() -> chat.sent().stream().anyMatch(s -> s.error != null && s.sentNanos - down > 0));
        cluster.redis.start();
        long back = System.nanoTime();

        Map<ChatView, Long> resumed = chat.resumeMillis(back, Duration.ofSeconds(20));
        int sentAfter = chat.sent().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> chat.sent().size() >= sentAfter + 40);
        chat.stop(Duration.ofSeconds(15));
        chat.awaitDelivered(Duration.ofSeconds(20));

        System.out.printf("Redis restart: down %d ms; %d messages, %s; errors %s; pushes resumed %s ms after Redis was"
            + " back%n", (back - down) / 1_000_000, chat.sent().size(), chat.outcomes(), chat.errors(), range(resumed));
        assertThat(chat.problems()).as("message account").isEmpty();
        assertResumedWithin(chat, resumed, RESUME_BOUND);
        assertClientsStayed(clients);
        cluster.awaitHealthy(Duration.ofSeconds(10));
      }
    }
  }

  /** Every path (proxy × app server) carries clients, about a quarter each. */
  static void assertEveryPathTaken(StackClients clients) {
    Map<String, Integer> paths = clients.paths();
    assertThat(paths).as("clients per path").hasSize(4);
    assertThat(paths.values()).as("clients per path %s", paths)
        .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(clients.all().size() / 8));
  }

  /** Every member saw a message sent after the failure within {@code bound} (chat works again). */
  static void assertResumedWithin(ChatTraffic chat, Map<ChatView, Long> resumed, Duration bound) {
    assertThat(chat.notResumed(resumed)).as("members, by path, that never saw a message sent after it").isEmpty();
    assertThat(Collections.max(resumed.values())).as("ms until the last member saw one").isLessThanOrEqualTo(bound.toMillis());
  }

  /** The fastest and slowest resume, e.g. {@code 2886..2896}. */
  static String range(Map<ChatView, Long> resumed) {
    return resumed.isEmpty() ? "never" : Collections.min(resumed.values()) + ".." + Collections.max(resumed.values());
  }

  /** No client's connection closed: each rode out the failure on the connection it had. */
  static void assertClientsStayed(StackClients clients) {
    for (Client c : clients.all()) {
      assertThat(c.closed).as("%s closed", c).isNull();
      assertThat(c.connection.isOpen()).as("%s open", c).isTrue();
    }
  }

  static String room() {
    return "stack-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The stock prices {@code c} received since the last call. Its first full state counts too: it
   * holds the prices of the latest tick, which earlier clients saw pushed.
   */
  private static List<String> stockUpdates(Client c) {
    List<String> updates = new ArrayList<>();
    for (Response r = c.responses.poll(); r != null; r = c.responses.poll()) {
      if (!"StockTicker".equals(r.vmId())) continue;
      JsonNode data = JSON.readTree(r.vmData());
      if (data.has("Stocks")) updates.add(data.get("Stocks").toString());
    }
    return updates;
  }
}
