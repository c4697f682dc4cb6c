package io.hubscope.stack;

import static io.hubscope.stack.ClusterStackIT.RESUME_BOUND;
import static io.hubscope.stack.ClusterStackIT.assertClientsStayed;
import static io.hubscope.stack.ClusterStackIT.assertEveryPathTaken;
import static io.hubscope.stack.ClusterStackIT.assertResumedWithin;
import static io.hubscope.stack.ClusterStackIT.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of an app server under chat load ({@link ClusterStack}: 2 proxies × 2 app
 * servers): the one that owns the chat room, so its clients move to the survivor (the proxies
 * re-home them) while the room itself moves there too (its lease expires). Clients keep their
 * connections, chat works again within 5 s for everyone, and every message is accounted for.
 */
class AppServerFailoverIT {

  static final int MEMBERS = 200;

  ClusterStack cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterStack.start();
    cluster.awaitHealthy(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) cluster.close();
  }

  @Test
  void owningAppServerKilledUnderChatLoad_clientsStay_pushesResumeWithin5s_noMessageSilentlyLost() throws Exception {
    try (StackClients clients = StackClients.connect(cluster.demo, MEMBERS)) {
      clients.join(cluster.health, ChatTraffic.VM, Map.of("ChatRoom", ClusterStackIT.room()));
      assertEveryPathTaken(clients);
      String doomed = cluster.ownerOfTheOnlySharedViewModel();
      String survivor = cluster.demo.appHubs().stream().filter(hub -> !hub.equals(doomed)).findFirst().orElseThrow();
      long onDoomed = clients.all().stream().filter(c -> c.appServer.equals(doomed)).count();

      try (ChatTraffic chat = new ChatTraffic(clients.all(), ClusterStack.twoPerPath(clients))) {
        chat.start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> chat.sent().size() >= 80 && chat.allDelivered());

        long killed = cluster.kill(doomed);

        Map<ChatView, Long> resumed = chat.resumeMillis(killed, Duration.ofSeconds(20));
        int sentAfter = chat.sent().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> chat.sent().size() >= sentAfter + 40);
        chat.stop(Duration.ofSeconds(15));
        chat.awaitDelivered(Duration.ofSeconds(20));

        Map<ChatView, Long> moved = new LinkedHashMap<>(resumed);
        moved.keySet().removeIf(v -> !v.client.appServer.equals(doomed));
        System.out.printf("kill -9 of the owner: %d of %d members were on it; %d messages, %s; errors %s;"
            + " pushes resumed %s ms after the kill (%s ms for the moved members)%n", onDoomed, MEMBERS,
            chat.sent().size(), chat.outcomes(), chat.errors(), range(resumed), range(moved));
        assertThat(chat.problems()).as("message account").isEmpty();
        assertResumedWithin(chat, resumed, RESUME_BOUND);
        assertClientsStayed(clients);
        for (int proxy : cluster.demo.proxyPorts) {
          Map<String, Integer> pinned = cluster.health.pinnedClients(proxy);
          assertThat(pinned.get(doomed)).as("clients of proxy :%d left on the dead app server", proxy).isZero();
          assertThat(pinned.get(survivor)).as("clients of proxy :%d on the survivor", proxy).isEqualTo(MEMBERS / 2);
        }
      }
    }
  }
}
