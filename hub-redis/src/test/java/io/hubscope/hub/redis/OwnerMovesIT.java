package io.hubscope.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.redis.Envelope.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With three or more app servers a proxy can move a client from one server that does not own its
 * room to another (the first one died): the owner still has it as a member, so the new server must
 * be told it is in the room's group. Against the local Redis, listening on the new server's inbox.
 */
class OwnerMovesIT {

  static final SharedKey ROOM = OwnerSideTests.ROOM;

  final List<Envelope> survivorInbox = new CopyOnWriteArrayList<>();
  final OwnerSideTests.RecordingHost host = new OwnerSideTests.RecordingHost();
  RedisLink link;
  SerialLoop loop;
  OwnerSide owner;

  @BeforeEach
  void start() {
    RedisClusterOptions options = ClusterFixtures.options(SharedViewModelsIT.REDIS, ClusterFixtures.prefix(), "owner")
        .build();
    ClusterChannels channels = new ClusterChannels(options, ClusterMetrics.NOOP, () -> link);
    link = new RedisLink(options, (channel, message) -> survivorInbox.add(channels.read(message)),
        channels.inboxOf("survivor"));
    loop = new SerialLoop("owner-moves-test", 100);
    OwnedLeases owned = new OwnedLeases(Duration.ofSeconds(30), ClusterMetrics.NOOP);
    owned.took(ROOM, OwnerSideTests.LEASE);
    owner = new OwnerSide("owner", owned, channels,
        new Confirmations(channels, owned, () -> link, loop, ClusterMetrics.NOOP, (key, lease, why) -> { }),
        ClusterMetrics.NOOP, loop, key -> { });
    owner.bind(host);
  }

  @AfterEach
  void stop() {
    if (loop != null) loop.close();
    if (link != null) link.close();
  }

  @Test
  void aMemberMovedBetweenTwoOtherServers_isAddedToItsGroupOnTheNewOne_andOnlyIt() {
    owner.call(OwnerSideTests.fromServer(Kind.JOIN, "doomed", "moved"));
    owner.call(OwnerSideTests.fromServer(Kind.JOIN, "survivor", "fresh")); // a first join: the view model adds it
    owner.call(OwnerSideTests.fromServer(Kind.JOIN, "survivor", "moved"));

    await().atMost(Duration.ofSeconds(10)).until(() -> adds("moved") == 1);
    // Published in order on one connection: had the fresh member's join sent one, it came first.
    assertThat(adds("fresh")).isZero();
    Envelope add = survivorInbox.stream().filter(e -> e.kind() == Kind.ADD).findFirst().orElseThrow();
    assertThat(add.key()).isEqualTo(ROOM);
    assertThat(host.calls).containsExactly("hostJoin moved", "hostJoin fresh", "hostJoin moved");
    // Evicting the dead server no longer takes the moved member out of its room.
    owner.leave(OwnerSideTests.fromServer(Kind.LEAVE, "doomed", "moved"));
    assertThat(host.calls).doesNotContain("hostLeave moved");
    assertThat(owner.isRemote("moved")).isTrue();
  }

  private long adds(String connectionId) {
    return survivorInbox.stream().filter(e -> e.kind() == Kind.ADD && connectionId.equals(e.connectionId())).count();
  }
}
