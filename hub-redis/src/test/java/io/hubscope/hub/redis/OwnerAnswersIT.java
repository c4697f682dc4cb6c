package io.hubscope.hub.redis;

import static io.hubscope.hub.redis.ClusterFixtures.WAIT;
import static io.hubscope.hub.redis.SharedViewModelsIT.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.redis.ClusterFixtures.Client;
import io.hubscope.hub.redis.ClusterFixtures.Node;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The owner answers a member's update OK only once Redis has carried what the update pushed to
 * the members on other servers, under a lease that is still the owner's: a message its sender was
 * told went through never misses the members elsewhere (stack-tests' Redis restart under chat load
 * found both holes: an owner still acting after a restarted Redis let another server take its
 * lease, and pushes that never left it).
 */
class OwnerAnswersIT {

  static final String REDIS = "redis://127.0.0.1:6379";

  Node a;
  Node b;

  @AfterEach
  void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  @Test
  void leaseTakenWhileTheOwnerStillActs_itsMembersUpdateFailsLoudly_andTheOwnerStepsDown() {
    String prefix = ClusterFixtures.prefix();
    // Renewals far apart: the owner would act on its lease for seconds after losing it.
    a = Node.start(ClusterFixtures.options(REDIS, prefix, "a").leaseTtl(Duration.ofSeconds(30))
        .renewInterval(Duration.ofSeconds(10)).build());
    b = Node.start(ClusterFixtures.options(REDIS, prefix, "b").build());
    Client onA = joined(a);
    joined(b);
    assertThat(a.cluster().ownedCount()).isEqualTo(1);

    // As after a Redis restart: the key is gone and another server took it with a new lease.
    RedisClient redis = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      List<String> leases = connection.sync().keys(prefix + ":lease:*");
      assertThat(leases).hasSize(1);
      connection.sync().set(leases.get(0), "1:taken:c");
    } finally {
      redis.shutdown();
    }

    assertThatThrownBy(() -> onA.connection().invoke("Update_VM", "Chat", say("unseen-on-b")).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("moved to another server");
    await().atMost(WAIT).until(() -> a.cluster().ownedCount() == 0);
  }

  @Test
  void leaseGoneWhileTheOwnerStillActs_itsOtherMembersMoveWithItToItsNewLease() {
    String prefix = ClusterFixtures.prefix();
    a = Node.start(ClusterFixtures.options(REDIS, prefix, "a").leaseTtl(Duration.ofSeconds(30))
        .renewInterval(Duration.ofSeconds(10)).build());
    Client sender = joined(a);
    Client other = joined(a);
    assertThat(a.cluster().ownedCount()).isEqualTo(1);

    // As after a Redis restart: the lease is gone, and nobody took it yet.
    RedisClient redis = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      assertThat(connection.sync().del(connection.sync().keys(prefix + ":lease:*").toArray(String[]::new))).isEqualTo(1);
    } finally {
      redis.shutdown();
    }
    assertThatThrownBy(() -> sender.connection().invoke("Update_VM", "Chat", say("lost")).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("moved to another server");

    // The owner takes the room again at once (its renewal rounds are 10 s apart), with every member
    // it has: the next message reaches all.
    await().atMost(Duration.ofSeconds(2)).until(() -> a.cluster().ownedCount() == 1);
    sender.connection().invoke("Update_VM", "Chat", say("after")).block(WAIT);
    assertThat(idsUntil(other, "after")).as("what the other member got").endsWith("after");
  }

  /** The ids of the messages {@code client} is pushed, up to {@code last} (or what came within WAIT). */
  private static List<String> idsUntil(Client client, String last) {
    List<String> ids = new java.util.ArrayList<>();
    try {
      while (!ids.contains(last)) ids.add(client.nextWith("Chat", "Messages_add", WAIT).get("Messages_add").get("Id").asString());
    } catch (AssertionError timedOut) {
      // What came is what it got.
    }
    return ids;
  }

  @Test
  void pushRefusedOnTheWayToTheOtherServer_theSendersUpdateFailsLoudly_onTheOwnerAndElsewhere() {
    String prefix = ClusterFixtures.prefix();
    a = Node.start(ClusterFixtures.options(REDIS, prefix, "a").maxEnvelopeSize(1024).build());
    b = Node.start(ClusterFixtures.options(REDIS, prefix, "b").build());
    Client onA = joined(a);
    Client onB = joined(b);
    assertThat(a.cluster().ownedCount()).isEqualTo(1);
    // Quotes double in size each time a JSON text is put in a string: a member's update of them
    // fits the owner's 1,024 characters, the push of the JSON it makes of them does not.
    Map<String, Object> tooLargeForRedis = Map.of("Say", Map.of("Id", "large", "Text", "\"".repeat(300)));

    // From a member on the owner, then from one on the other server: the push to b is refused both times.
    assertThatThrownBy(() -> onA.connection().invoke("Update_VM", "Chat", tooLargeForRedis).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("did not reach every server");
    assertThatThrownBy(() -> onB.connection().invoke("Update_VM", "Chat", tooLargeForRedis).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("did not reach every server");

    // A message that fits still goes everywhere, and is answered OK.
    onA.connection().invoke("Update_VM", "Chat", say("small")).block(WAIT);
    JsonNode added = onB.nextWith("Chat", "Messages_add", WAIT);
    assertThat(added.get("Messages_add").get("Id").asString()).isEqualTo("small");
  }

  private static Client joined(Node node) {
    Client client = node.connect();
    client.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    client.next("Chat");
    return client;
  }
}
