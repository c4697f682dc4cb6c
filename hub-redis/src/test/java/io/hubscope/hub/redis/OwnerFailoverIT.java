package io.hubscope.hub.redis;

import static io.hubscope.hub.redis.ClusterFixtures.WAIT;
import static io.hubscope.hub.redis.SharedViewModelsIT.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.redis.ClusterFixtures.Client;
import io.hubscope.hub.redis.ClusterFixtures.Node;
import io.hubscope.hub.redis.testing.RedisServerProcess;
import io.hubscope.hub.testing.TcpRelay;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The owner server dies without a word: its Redis connections are cut (a relay between it and
 * Redis resets them) and its hub stops, so its lease is never released and has to expire.
 */
class OwnerFailoverIT {

  RedisServerProcess redis;
  TcpRelay ownerLink;
  Node owner;
  Node survivor;

  String prefix;

  @BeforeEach
  void start() {
    redis = new RedisServerProcess();
    ownerLink = new TcpRelay(Integer.parseInt(redis.url().substring(redis.url().lastIndexOf(':') + 1)));
    startNodes(Duration.ofSeconds(2), Duration.ofMillis(500));
  }

  void startNodes(Duration leaseTtl, Duration renewInterval) {
    prefix = ClusterFixtures.prefix();
    owner = Node.start(ClusterFixtures.options("redis://127.0.0.1:" + ownerLink.port(), prefix, "owner")
        .leaseTtl(leaseTtl).renewInterval(renewInterval).build());
    survivor = Node.start(ClusterFixtures.options(redis.url(), prefix, "survivor")
        .leaseTtl(leaseTtl).renewInterval(renewInterval).build());
  }

  @AfterEach
  void stop() {
    survivor.close();
    owner.close();
    ownerLink.close();
    redis.close();
  }

  @Test
  void ownerDies_survivorTakesOverWithin5s_membersGetFullStateAgain_andMessagesFlow() {
    Client onOwner = owner.connect();
    Client onSurvivor = survivor.connect();
    onOwner.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onOwner.next("Chat");
    onSurvivor.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onSurvivor.next("Chat");
    assertThat(owner.cluster().ownedCount()).isEqualTo(1);
    onOwner.connection().invoke("Update_VM", "Chat", say("before")).block(WAIT);
    assertThat(onSurvivor.next("Chat").get("Messages_add").get("Id").asString()).isEqualTo("before");

    crash(owner);
    long crashed = System.nanoTime();

    // Until the lease expires the dead owner still holds it: a call fails, loudly, at once.
    assertThatThrownBy(() -> onSurvivor.connection().invoke("Update_VM", "Chat", say("lost")).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("gone");
    JsonNode error = onSurvivor.next("Chat");
    assertThat(error.get("ExceptionType").asString()).isEqualTo("ClusterUnavailableException");

    JsonNode fullState = onSurvivor.nextWith("Chat", "Messages", Duration.ofSeconds(6));
    assertThat(Duration.ofNanos(System.nanoTime() - crashed)).isLessThan(Duration.ofSeconds(5));
    // What only the dead owner held is gone; the room starts over on the survivor.
    assertThat(fullState.get("Messages")).isEmpty();
    assertThat(survivor.cluster().ownedCount()).isEqualTo(1);

    onSurvivor.connection().invoke("Update_VM", "Chat", say("after")).block(WAIT);
    assertThat(onSurvivor.next("Chat").get("Messages_add").get("Id").asString()).isEqualTo("after");
  }

  @Test
  void ownerDies_aJoinMeanwhile_waitsForTheNextOwner_andThatMemberGetsTheRoomsMessages() {
    Client onOwner = owner.connect();
    Client onSurvivor = survivor.connect();
    onOwner.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onSurvivor.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    assertThat(owner.cluster().ownedCount()).isEqualTo(1);

    crash(owner);
    long crashed = System.nanoTime();

    // As a client that a proxy moves here from the dead server: it requests the room again at once.
    Client moved = survivor.connect();
    moved.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    assertThat(Duration.ofNanos(System.nanoTime() - crashed)).as("joined once the survivor took over")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(survivor.cluster().ownedCount()).isEqualTo(1);
    assertThat(moved.next("Chat").get("Messages")).as("its full state").isEmpty();

    onSurvivor.connection().invoke("Update_VM", "Chat", say("after")).block(WAIT);
    assertThat(moved.nextWith("Chat", "Messages_add", WAIT).get("Messages_add").get("Id").asString()).isEqualTo("after");
  }

  @Test
  void ownerFoundGone_survivorTakesOverAsSoonAsTheLeaseExpires_notAtItsNextRenewalRound() {
    // Renewal rounds 10 s apart, the first one 10 s after the start: none comes during this test.
    survivor.close();
    owner.close();
    startNodes(Duration.ofSeconds(30), Duration.ofSeconds(10));
    Client onOwner = owner.connect();
    Client onSurvivor = survivor.connect();
    onOwner.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onSurvivor.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onSurvivor.next("Chat");
    assertThat(owner.cluster().ownedCount()).isEqualTo(1);

    crash(owner);
    assertThatThrownBy(() -> onSurvivor.connection().invoke("Update_VM", "Chat", say("lost")).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("gone");
    onSurvivor.next("Chat"); // the error response
    expireLease();
    long expired = System.nanoTime();

    assertThat(onSurvivor.nextWith("Chat", "Messages", Duration.ofSeconds(2)).get("Messages")).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - expired)).as("from the lease's end to the survivor's full state")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(survivor.cluster().ownedCount()).isEqualTo(1);
  }

  @Test
  void memberServerDies_ownerDropsItsMembers() {
    Client onSurvivor = survivor.connect();
    Client onOwner = owner.connect();
    onSurvivor.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onOwner.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    assertThat(survivor.cluster().ownedCount()).isEqualTo(1);
    assertThat(survivor.server().hub().viewModels().holders("Chat")).hasSize(1);

    crash(owner);

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> survivor.metrics().count("evicted") == 1);
    onSurvivor.connection().invoke("Update_VM", "Chat", say("still here")).block(WAIT);
    assertThat(onSurvivor.nextWith("Chat", "Messages_add", WAIT).get("Messages_add").get("Id").asString())
        .isEqualTo("still here");
  }

  /** The dead owner's lease ends now, as when its ttl runs out. */
  private void expireLease() {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<String> leases = connection.sync().keys(prefix + ":lease:*");
      assertThat(connection.sync().del(leases.toArray(String[]::new))).isEqualTo(1);
    } finally {
      client.shutdown();
    }
  }

  /** As a killed process: the Redis connections reset and stay down, then the hub stops. */
  private void crash(Node node) {
    ownerLink.close();
    ownerLink.cut();
    node.close();
  }
}
