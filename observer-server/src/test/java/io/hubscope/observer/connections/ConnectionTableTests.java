package io.hubscope.observer.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.TapBatch;
import io.hubscope.observer.ingest.IngestService;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.payloads.MessageLog;
import io.hubscope.observer.payloads.PayloadBudget;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionTableTests {

  NodeRegistry nodes = new NodeRegistry(4);
  MessageLog log = new MessageLog(1024);

  @Test
  void flood_tracksAtMostTheCapAndCountsTheRestAsUntracked() {
    ConnectionTable table = new ConnectionTable(50_000, 10_000, 600_000, 2);
    IngestService ingest = new IngestService(nodes, table, log, Clock.systemUTC());
    for (int b = 0; b < 200; b++) {
      TapBatch batch = TapBatch.from("proxy-1", "proxy").seq(b);
      for (int i = 0; i < 1_000; i++) {
        batch.open("c" + (b * 1_000 + i), "10.0.0.1", "ua");
      }
      ingest.ingest(batch.json());
    }

    assertThat(table.activeCount()).isEqualTo(50_000);
    assertThat(table.activeConnections()).hasSize(50_000);
    assertThat(table.untracked()).isEqualTo(150_000);
    assertThat(nodes.get("proxy-1").activeConnections()).isEqualTo(50_000);
    assertThat(ingest.rejected()).as("over the cap is not malformed").isZero();
  }

  @Test
  void closedFlood_keepsTheNewestClosedAndEvictsTheOldest() {
    ConnectionTable table = new ConnectionTable(300_000, 10_000, 600_000, 2);
    NodeState node = node();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 200_000; i++) {
      String id = "c" + i;
      table.open(new ConnectionOpen(node.id(), id, now, "10.0.0.1", 1, "ua", Map.of(), "ws", "json"), node);
      table.close(id, now + i, "normal", null, node);
    }

    assertThat(table.closedCount()).isEqualTo(10_000);
    assertThat(table.closedConnections()).hasSize(10_000);
    assertThat(table.find("c0")).as("oldest evicted").isNull();
    assertThat(table.find("c199999")).isNotNull();
    assertThat(table.find("c190000")).isNotNull();
    assertThat(table.find("c189999")).isNull();
    assertThat(table.activeCount()).isZero();
  }

  @Test
  void sweep_evictsClosedConnectionsPastTheRetention() {
    ConnectionTable table = new ConnectionTable(10, 10, 60_000, 2);
    NodeState node = node();
    table.open(new ConnectionOpen(node.id(), "old", 0, null, 0, null, Map.of(), null, null), node);
    table.open(new ConnectionOpen(node.id(), "new", 0, null, 0, null, Map.of(), null, null), node);
    table.close("old", 1_000, "normal", null, node);
    table.close("new", 50_000, "normal", null, node);

    assertThat(table.sweep(70_000)).isEqualTo(1);
    assertThat(table.find("old")).isNull();
    assertThat(table.find("new")).isNotNull();
  }

  @Test
  void reusedIds_doNotGrowTheClosedQueuePastTheCap() {
    ConnectionTable table = new ConnectionTable(10, 5, 600_000, 2);
    NodeState node = node();
    for (int i = 0; i < 1_000; i++) {
      table.open(new ConnectionOpen(node.id(), "same", i, null, 0, null, Map.of(), null, null), node);
      table.close("same", i, "normal", null, node);
    }
    assertThat(table.closedCount()).isLessThanOrEqualTo(5);
    assertThat(table.find("same").openedAt()).isEqualTo(999);
  }

  @Test
  void payloadBudget_capsRetainedPayloadTextAndIsReturnedOnEviction() {
    PayloadBudget budget = new PayloadBudget(1_000);
    ConnectionTable table = new ConnectionTable(1_000, 10, 600_000, 10, budget);
    IngestService ingest = new IngestService(nodes, table, log, Clock.systemUTC());
    TapBatch batch = TapBatch.from("proxy-1", "proxy").seq(1);
    String payload = "x".repeat(50);
    for (int c = 0; c < 100; c++) {
      batch.open("b" + c, "10.0.0.1", "ua");
      for (int m = 0; m < 10; m++) {
        batch.msg("b" + c, "in", "Update_VM", "Echo", 50, payload);
      }
    }
    ingest.ingest(batch.json());

    assertThat(budget.usedChars()).isEqualTo(1_000);
    assertThat(budget.refused()).isEqualTo(1_000 - 20);
    assertThat(table.active("b99").recent(true)).hasSize(10)
        .allSatisfy(m -> assertThat(m.payload()).as("kept without text").isNull());
    assertThat(table.active("b99").msgsIn()).as("counts stay exact").isEqualTo(10);

    TapBatch closeAll = TapBatch.from("proxy-1", "proxy").seq(2);
    for (int c = 0; c < 100; c++) {
      closeAll.close("b" + c, "normal");
    }
    ingest.ingest(closeAll.json());
    assertThat(budget.usedChars()).as("evicted connections give their payloads back").isZero();
  }

  @Test
  void payloadBudget_holdsExactlyWhatTheRingsKeep_asMessagesReplaceOlderOnes() {
    PayloadBudget budget = new PayloadBudget(1_000_000);
    ConnectionTable table = new ConnectionTable(1_000, 10, 600_000, 4, budget);
    IngestService ingest = new IngestService(nodes, table, log, Clock.systemUTC());
    TapBatch batch = TapBatch.from("proxy-1", "proxy").seq(1);
    batch.open("c1", "10.0.0.1", "ua");
    long expected = 0;
    for (int m = 1; m <= 23; m++) {
      String dir = m % 3 == 0 ? "out" : "in";
      batch.msg("c1", dir, "Update_VM", "Echo", m, "p".repeat(m));
    }
    // The rings keep the last 4 of each direction: in 19..23 without 21, out 12, 15, 18, 21.
    for (int m : new int[] {19, 20, 22, 23, 12, 15, 18, 21}) expected += m;
    ingest.ingest(batch.json());
    assertThat(budget.usedChars()).isEqualTo(expected);
    assertThat(table.active("c1").recent(true)).extracting(m -> m.payload().length()).containsExactly(23, 22, 20, 19);
    assertThat(table.active("c1").recent(false)).extracting(m -> m.payload().length()).containsExactly(21, 18, 15, 12);
  }

  private NodeState node() {
    return nodes.batch(new io.hubscope.observer.nodes.BatchHeader("n1", "proxy", "n1", "", 0, 1, Map.of()), 0).node();
  }
}
