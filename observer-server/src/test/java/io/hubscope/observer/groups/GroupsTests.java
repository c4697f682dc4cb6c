package io.hubscope.observer.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.observer.TapBatch;
import io.hubscope.observer.TestClock;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.connections.ConnectionView;
import io.hubscope.observer.ingest.IngestService;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.payloads.MessageLog;
import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Page;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Groups and view models from ingested batches: members, rates each way, bounds, paging. */
class GroupsTests {

  static final String NODE = "proxy-g@host:8082";

  final TestClock clock = new TestClock(1_000_000_000_000L);
  final ConnectionTable table = new ConnectionTable(50_000, 100, 600_000, 2);
  final IngestService ingest = new IngestService(new NodeRegistry(4), table, new MessageLog(1024), clock);
  final GroupActivity activity = new GroupActivity(3, GroupSweeper.IDLE.toMillis(), clock);
  final GroupViews views = new GroupViews(table, activity);
  long seq;

  GroupsTests() {
    ingest.onMessage(activity);
  }

  void feed(TapBatch batch) {
    ingest.ingest(batch.seq(++seq).at(clock.millis()).json());
  }

  @Test
  void membersAndRatesEachWay_perGroupAndViewModel() {
    TapBatch open = TapBatch.from(NODE, "proxy");
    for (int i = 0; i < 3; i++) open.open("g" + i, "10.0.0." + i, "Probe");
    feed(open);
    // Each second: each member says something in the room, and the room's push reaches all three.
    for (int s = 0; s < 6; s++) {
      TapBatch traffic = TapBatch.from(NODE, "proxy");
      for (int i = 0; i < 3; i++) traffic.groupMsg("g" + i, "in", "ChatRoom$lobby", "lobby", 1);
      traffic.groupMsg(null, "out", "ChatRoom$lobby", "lobby", 3);
      traffic.msg("g0", "in", "Update_VM", "Echo", 5, null);
      feed(traffic);
      clock.advance(Duration.ofSeconds(1));
    }

    Page<GroupRow> groups = views.groups(null, null, null, null).get();
    assertThat(groups.items()).containsExactly(
        new GroupRow("lobby", 3, 3.0, 3.0, 18, 18, clock.millis() - 1000));
    Page<GroupRow> vms = views.viewModels(null, "id,asc", null, null).get();
    assertThat(vms.items()).extracting(GroupRow::id, GroupRow::members, GroupRow::inPerSecond, GroupRow::outPerSecond)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ChatRoom$lobby", 3, 3.0, 3.0),
            org.assertj.core.groups.Tuple.tuple("Echo", 1, 1.0, 0.0));

    Page<ConnectionView> members = views.members(GroupKind.GROUP, "lobby", 0, 2);
    assertThat(members.total()).isEqualTo(3);
    assertThat(members.items()).extracting(ConnectionView::id).containsExactly("g0", "g1");
    assertThat(views.members(GroupKind.VIEW_MODEL, "Echo", 0, 50).items()).extracting(ConnectionView::id).containsExactly("g0");

    // Quiet for a while: the rates fall to zero, the members stay, and the totals too.
    clock.advance(Duration.ofSeconds(10));
    assertThat(views.groups(null, null, null, null).get().items().get(0))
        .extracting(GroupRow::members, GroupRow::inPerSecond, GroupRow::msgsIn).containsExactly(3, 0.0, 18L);
    feed(TapBatch.from(NODE, "proxy").close("g1", "normal"));
    assertThat(views.groups(null, null, null, null).get().items().get(0).members()).isEqualTo(2);
  }

  @Test
  void activity_isBounded_andIdleIdsAreSweptOut() {
    TapBatch batch = TapBatch.from(NODE, "proxy");
    for (int i = 0; i < 10; i++) batch.groupMsg(null, "out", "Vm" + i, "room" + i, 2);
    feed(batch);

    assertThat(activity.table(GroupKind.GROUP)).hasSize(3);
    assertThat(activity.table(GroupKind.VIEW_MODEL)).hasSize(3);
    assertThat(activity.untracked()).isEqualTo(2 * 7 * 2);

    clock.advance(GroupSweeper.IDLE.plusSeconds(1));
    assertThat(activity.sweep()).isEqualTo(6);
    assertThat(views.groups(null, null, null, null).get().total()).isZero();
  }

  @Test
  void filterSortAndPage_areServerSide_andBadOnesAre400() {
    TapBatch batch = TapBatch.from(NODE, "proxy");
    batch.groupMsg(null, "out", "A", "alpha", 1).groupMsg(null, "out", "B", "beta", 5)
        .groupMsg(null, "out", "C", "alphabet", 2);
    feed(batch);
    clock.advance(Duration.ofSeconds(1));

    assertThat(views.groups("ALPHA", "msgsOut,desc", null, null).get().items()).extracting(GroupRow::id)
        .containsExactly("alphabet", "alpha");
    Page<GroupRow> second = views.groups(null, "id,asc", 1, 2).get();
    assertThat(second.total()).isEqualTo(3);
    assertThat(second.items()).extracting(GroupRow::id).containsExactly("beta");
    assertThatThrownBy(() -> views.groups(null, "size,desc", null, null)).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> views.groups(null, null, null, 501)).isInstanceOf(BadRequestException.class);
  }

  @Test
  void twentyThousandConnections_oneSnapshotStaysCheap() {
    TapBatch open = TapBatch.from(NODE, "proxy");
    for (int i = 0; i < 20_000; i++) open.open("c" + i, "10.1." + (i >> 8) + "." + (i & 255), "Probe");
    feed(open);
    TapBatch rooms = TapBatch.from(NODE, "proxy");
    for (int i = 0; i < 20_000; i++) rooms.groupMsg("c" + i, "in", "Chat$r" + (i % 500), "r" + (i % 500), 1);
    feed(rooms);

    long start = System.nanoTime();
    Page<GroupRow> page = views.viewModels(null, null, 0, 50).get();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(page.total()).isEqualTo(500);
    assertThat(page.items()).hasSize(50).allMatch(r -> r.members() == 40);
    // Generous on a loaded 2-core machine; the point is one pass, not a pass per group.
    assertThat(millis).isLessThan(2_000);
  }
}
