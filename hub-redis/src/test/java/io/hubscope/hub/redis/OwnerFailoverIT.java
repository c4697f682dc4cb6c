package io.hubscope.hub.redis;

import static io.hubscope.hub.redis.ClusterFixtures.WAIT;
import static io.hubscope.hub.redis.SharedViewModelsIT.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.redis.ClusterFixtures.Client;
import io.hubscope.hub.redis.ClusterFixtures.Node;
import io.hubscope.hub.testing.TcpRelay;
import java.time.Duration;
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

  @BeforeEach
  void start() {
    redis = new RedisServerProcess();
    ownerLink = new TcpRelay(Integer.parseInt(redis.url().substring(redis.url().lastIndexOf(':') + 1)));
    String prefix = ClusterFixtures.prefix();
    owner = Node.start(ClusterFixtures.options("redis://127.0.0.1:" + ownerLink.port(), prefix, "owner").build());
    survivor = Node.start(ClusterFixtures.options(redis.url(), prefix, "survivor").build());
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
  void ownerDies_aJoinBeforeItsLeaseExpires_waitsAndGetsInOnceTheRoomMoves() {
    Client onOwner = owner.connect();
    onOwner.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    onOwner.next("Chat");
    assertThat(owner.cluster().ownedCount()).isEqualTo(1);

    crash(owner);
    long crashed = System.nanoTime();

    // As a client a proxy moved off the dead server: it requests the room again at once, while the
    // dead owner's lease still holds. No error: the request is answered once the room has moved.
    Client moved = survivor.connect();
    moved.connection().invoke("Request_VM", "Chat", Map.of()).block(WAIT);
    JsonNode first = moved.next("Chat");
    assertThat(first.has("ExceptionType")).as("first response %s", first).isFalse();
    assertThat(first.get("Messages")).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - crashed)).isLessThan(Duration.ofSeconds(5));
    assertThat(survivor.cluster().ownedCount()).isEqualTo(1);

    moved.connection().invoke("Update_VM", "Chat", say("after")).block(WAIT);
    assertThat(moved.next("Chat").get("Messages_add").get("Id").asString()).isEqualTo("after");
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

  /** As a killed process: the Redis connections reset and stay down, then the hub stops. */
  private void crash(Node node) {
    ownerLink.close();
    ownerLink.cut();
    node.close();
  }
}
