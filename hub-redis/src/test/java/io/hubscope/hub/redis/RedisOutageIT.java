package io.hubscope.hub.redis;

import static io.hubscope.hub.redis.ClusterFixtures.WAIT;
import static io.hubscope.hub.redis.SharedViewModelsIT.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.redis.ClusterFixtures.Client;
import io.hubscope.hub.redis.ClusterFixtures.Node;
import io.hubscope.hub.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Redis stops under two running hub servers, then comes back (empty, as it keeps nothing). */
class RedisOutageIT {

  RedisServerProcess redis;
  Node a;
  Node b;

  @BeforeEach
  void start() {
    redis = new RedisServerProcess();
    String prefix = ClusterFixtures.prefix();
    a = Node.start(ClusterFixtures.options(redis.url(), prefix, "a").build());
    b = Node.start(ClusterFixtures.options(redis.url(), prefix, "b").build());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    redis.close();
  }

  @Test
  void redisDown_sharedCallsFailLoudlyAndPrivateOnesWork_redisBack_membersRejoinByThemselves() {
    Client onA = a.connect();
    Client onB = b.connect();
    for (Client c : new Client[] {onA, onB}) {
      c.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
      c.next("Chat");
      c.connection().invoke("Request_VM", "Counter", Map.of()).block(WAIT);
      c.next("Counter");
    }

    redis.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> !a.cluster().available() && !b.cluster().available());

    assertThatThrownBy(() -> onB.connection().invoke("Update_VM", "Chat", say("lost")).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("Redis is unreachable");
    JsonNode error = onB.next("Chat");
    assertThat(error.get("ExceptionType").asString()).isEqualTo("ClusterUnavailableException");
    assertThatThrownBy(() -> onA.connection().invoke("Request_VM", "Ticker", Map.of()).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("Redis is unreachable");
    assertThat(b.metrics().failures(ClusterMetrics.Operation.UPDATE)).isEqualTo(1);
    assertThat(a.metrics().failures(ClusterMetrics.Operation.JOIN)).isEqualTo(1);
    // A private view model does not need Redis.
    onA.connection().invoke("Update_VM", "Counter", Map.of("Add", 2)).block(WAIT);
    assertThat(onA.next("Counter").get("Count").asInt()).isEqualTo(2);

    redis.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.cluster().available() && b.cluster().available());

    // Both members get the full state of the shared view model again, from whichever server owns it now.
    assertThat(onA.nextWith("Chat", "Messages", WAIT).get("Messages")).isEmpty();
    assertThat(onB.nextWith("Chat", "Messages", WAIT).get("Messages")).isEmpty();
    assertThat(a.cluster().ownedCount() + b.cluster().ownedCount()).isEqualTo(1);
    onB.connection().invoke("Update_VM", "Chat", say("back")).block(WAIT);
    assertThat(onA.nextWith("Chat", "Messages_add", WAIT).get("Messages_add").get("Id").asString()).isEqualTo("back");
  }
}
