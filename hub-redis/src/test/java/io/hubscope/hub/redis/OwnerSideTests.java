package io.hubscope.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.redis.Envelope.Kind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The owner's record of where each remote member is, when a proxy moves a client off a dead server
 * onto the owner's own: the client must stay in its room, wherever the dead server's leftovers go.
 */
class OwnerSideTests {

  static final SharedKey ROOM = new SharedKey("ChatRoomVM", "Room1");
  static final Lease LEASE = new Lease(1, "t0k3n", "owner");

  final RecordingHost host = new RecordingHost();
  final List<String> hostCalls = host.calls;
  final InMemoryClusterMetrics metrics = new InMemoryClusterMetrics();
  final OwnedLeases owned = new OwnedLeases(Duration.ofSeconds(3), metrics);
  final ClusterChannels channels =
      new ClusterChannels(RedisClusterOptions.builder("redis://127.0.0.1:1").serverId("owner").build(), metrics, () -> null);
  final SerialLoop loop = new SerialLoop("test", 100);
  final OwnerSide owner = new OwnerSide("owner", owned, channels,
      new Confirmations(channels, owned, () -> null, loop, metrics, (key, lease, why) -> { }), metrics, loop,
      key -> { });

  OwnerSideTests() {
    owner.bind(host);
    owned.took(ROOM, LEASE);
  }

  static Envelope fromServer(Kind kind, String server, String connectionId) {
    return Envelope.toOwner(kind, server, LEASE.value(), ROOM, new ConnectionInfo(connectionId, null, 0, null, null, null, null),
        null, null, null, 0);
  }

  @Test
  void aMemberOfADeadServerThatArrivesHere_isDeliveredHere_andALateLeaveFromThereKeepsItIn() {
    owner.call(fromServer(Kind.JOIN, "doomed", "c1"));
    assertThat(owner.isRemote("c1")).isTrue();

    owner.arrived("c1");

    assertThat(owner.isRemote("c1")).as("its responses are delivered here").isFalse();
    assertThat(hostCalls).contains("addToGroupHere c1 Room1");
    owner.leave(fromServer(Kind.LEAVE, "doomed", "c1"));
    assertThat(hostCalls).doesNotContain("hostLeave c1");
  }

  @Test
  void aLeaveFromTheServerTheMemberIsOn_stillTakesItOut() {
    owner.call(fromServer(Kind.JOIN, "other", "c2"));

    owner.leave(fromServer(Kind.LEAVE, "other", "c2"));

    assertThat(hostCalls).contains("hostLeave c2");
    assertThat(owner.isRemote("c2")).isFalse();
  }

  @Test
  void aConnectionThatWasNeverRemote_arrivesWithoutEffect() {
    owner.arrived("local");

    assertThat(hostCalls).isEmpty();
  }

  /** A host that only records what the owner asks of it. */
  static final class RecordingHost implements ClusterHost {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void hostJoin(SharedMember member) {
      calls.add("hostJoin " + member.connectionId());
    }

    @Override
    public void hostUpdate(SharedMember member, JsonNode data) {
      calls.add("hostUpdate " + member.connectionId());
    }

    @Override
    public void hostLeave(SharedKey key, String connectionId) {
      calls.add("hostLeave " + connectionId);
    }

    @Override
    public void hostDrop(SharedKey key) {
      calls.add("hostDrop");
    }

    @Override
    public void respondHere(String connectionId, String vmId, String vmData) {}

    @Override
    public void addToGroupHere(String connectionId, String group) {
      calls.add("addToGroupHere " + connectionId + " " + group);
    }

    @Override
    public void removeFromGroupHere(String connectionId, String group) {}

    @Override
    public void respondToGroupHere(String group, String vmId, String vmData, Collection<String> excluded) {}

    @Override
    public void sendToGroupHere(String group, Collection<String> excluded, InvocationMessage message) {}
  }
}
