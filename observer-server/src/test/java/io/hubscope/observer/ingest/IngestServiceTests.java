package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.TapBatch;
import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.nodes.HostSample;
import io.hubscope.observer.nodes.HostSeries;
import io.hubscope.observer.nodes.LinkedNode;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.payloads.LoggedMessage;
import io.hubscope.observer.payloads.MessageLog;
import io.hubscope.observer.throughput.ThroughputService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestServiceTests {

  static final long NOW = 1_800_000_000_000L;
  static final String PROXY = "proxy-1@host:8082";
  static final String APP = "app-1@host:8081";

  Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW + 5_000), ZoneOffset.UTC);
  NodeRegistry nodes = new NodeRegistry(16);
  ConnectionTable table = new ConnectionTable(1000, 1000, 600_000, 3);
  MessageLog log = new MessageLog(64);
  List<ConnectionState> closed = new ArrayList<>();
  IngestService ingest = new IngestService(nodes, table, log, clock);

  IngestServiceTests() {
    table.onClose(closed::add);
  }

  TapBatch batch(long seq) {
    return TapBatch.from(PROXY, "proxy").seq(seq).at(NOW);
  }

  @Test
  void ingest_countsMessagesAndBytesExactly_fanOutCountsPerRecipient() {
    ingest.ingest(batch(1).open("c1", "10.0.0.1", "ua-1").open("c2", "10.0.0.2", "ua-2").json());
    IngestResult second = ingest.ingest(batch(2)
        .msg("c1", "in", "Request_VM", "Chat", 40, "{\"a\":1}")
        .msg("c1", "out", "Response_VM", "Chat", 100, "[\"Chat\",\"{}\"]")
        .msg("c2", "in", "Update_VM", "Chat", 25, "{}")
        .fanOut("Chat", 70, 5, "[\"Chat\",\"{\\\"Msg\\\":1}\"]")
        .json());
    ingest.ingest(batch(3).msg("c1", "in", "Dispose_VM", "Chat", 10, null).json());

    assertThat(second).isEqualTo(new IngestResult(4, 0));
    NodeState node = nodes.get(PROXY);
    assertThat(node.messagesIn()).isEqualTo(3);
    assertThat(node.bytesIn()).isEqualTo(40 + 25 + 10);
    assertThat(node.messagesOut()).isEqualTo(1 + 5);
    assertThat(node.bytesOut()).isEqualTo(100 + 70 * 5);
    ConnectionState c1 = table.active("c1");
    assertThat(c1.msgsIn()).isEqualTo(2);
    assertThat(c1.bytesIn()).isEqualTo(50);
    assertThat(c1.msgsOut()).isEqualTo(1);
    assertThat(c1.bytesOut()).isEqualTo(100);
    assertThat(c1.viewModels()).as("Dispose_VM removes the view model").isEmpty();
    assertThat(table.active("c2").viewModels()).containsExactly("Chat");
    ThroughputService.Rates rates = new ThroughputService(nodes, clock).rates(10, PROXY);
    assertThat(rates.msgsOut() * 10).isEqualTo(6.0);
    assertThat(rates.bytesOut() * 10).isEqualTo(450.0);
  }

  @Test
  void ingest_keepsRecentPayloadsPerConnection_newestFirstAndBounded() {
    ingest.ingest(batch(1).open("c1", "10.0.0.1", "ua").json());
    TapBatch b = batch(2);
    for (int i = 0; i < 5; i++) {
      b.msg("c1", "in", "Update_VM", "Echo", 10, "{\"n\":" + i + "}");
    }
    ingest.ingest(b.json());

    assertThat(table.active("c1").recent(true)).extracting(LoggedMessage::payload)
        .containsExactly("{\"n\":4}", "{\"n\":3}", "{\"n\":2}");
    assertThat(log.latest(m -> true, 10)).hasSize(5);
  }

  @Test
  void ingest_cutsPayloadsLongerThanTheLimitAndMarksThemTruncated() {
    IngestService strict = new IngestService(nodes, table, log, clock, 8);
    strict.ingest(batch(1).open("c1", "10.0.0.1", "ua").msg("c1", "in", "Update_VM", "Echo", 20, "0123456789abcdef").json());

    LoggedMessage kept = table.active("c1").recent(true).get(0);
    assertThat(kept.payload()).isEqualTo("01234567");
    assertThat(kept.truncated()).isTrue();
    assertThat(kept.size()).as("the wire size stays exact").isEqualTo(20);
  }

  /** A resync in one event without id, part and last, as older taps send it. */
  @Test
  void ingest_resyncClosesConnectionsTheNodeNoLongerLists() {
    ingest.ingest(batch(1).open("c1", "10.0.0.1", "ua").open("c2", "10.0.0.2", "ua").json());
    ingest.ingest(TapBatch.from("app@host:8081", "app").open("other-node", "10.0.0.9", "ua").json());

    IngestResult result = ingest.ingest(batch(2)
        .resync(List.of(TapBatch.openFields("c2", "10.0.0.2", "ua", NOW),
            TapBatch.openFields("c3", "10.0.0.3", "ua", NOW)))
        .json());

    assertThat(result).isEqualTo(new IngestResult(1, 0));
    assertThat(table.active("c1")).isNull();
    assertThat(table.find("c1").closeReason()).isEqualTo("unknown");
    assertThat(table.active("c2")).isNotNull();
    assertThat(table.active("c3")).isNotNull();
    assertThat(table.active("other-node")).as("other nodes are untouched").isNotNull();
    assertThat(nodes.get(PROXY).activeConnections()).isEqualTo(2);
    assertThat(closed).extracting(ConnectionState::id).containsExactly("c1");
  }

  void openAll(String... ids) {
    TapBatch b = batch(1);
    for (String id : ids) {
      b.open(id, "10.0.0.1", "ua");
    }
    ingest.ingest(b.json());
  }

  static List<Map<String, Object>> listing(String... ids) {
    List<Map<String, Object>> conns = new ArrayList<>();
    for (String id : ids) {
      conns.add(TapBatch.openFields(id, "10.0.0.1", "ua", NOW));
    }
    return conns;
  }

  List<String> active() {
    return nodes.get(PROXY).openConnectionIds().stream().sorted().toList();
  }

  @Test
  void ingest_chunkedResync_keepsConnectionsListedInAnyChunk_andClosesTheRestOnlyAfterTheLast() {
    openAll("c1", "c2", "c3", "c4", "c5");

    ingest.ingest(batch(2).resync(7, 0, false, listing("c1", "c2")).json());
    ingest.ingest(batch(3).resync(7, 1, false, listing("c4", "c6")).json());

    assertThat(closed).as("nothing closed before the last chunk").isEmpty();
    assertThat(active()).containsExactly("c1", "c2", "c3", "c4", "c5", "c6");

    IngestResult last = ingest.ingest(batch(4).resync(7, 2, true, listing("c5")).json());

    assertThat(last).isEqualTo(new IngestResult(1, 0));
    assertThat(active()).containsExactly("c1", "c2", "c4", "c5", "c6");
    assertThat(closed).extracting(ConnectionState::id).containsExactly("c3");
    assertThat(table.find("c3").closeReason()).isEqualTo("unknown");
    assertThat(nodes.get(PROXY).resync().inProgress()).isFalse();
  }

  @Test
  void ingest_resyncInterruptedByANewOne_isSuperseded_andOnlyTheNewListingCounts() {
    openAll("c1", "c2", "c3");

    // The tap lost its connection after the first chunk and started over.
    ingest.ingest(batch(2).resync(1, 0, false, listing("c1")).json());
    ingest.ingest(batch(3).resync(2, 0, false, listing("c2")).json());

    assertThat(closed).isEmpty();

    ingest.ingest(batch(4).resync(2, 1, true, listing("c4")).json());

    assertThat(active()).containsExactly("c2", "c4");
    assertThat(closed).extracting(ConnectionState::id).containsExactlyInAnyOrder("c1", "c3");
  }

  @Test
  void ingest_resyncSeenInPart_opensWhatItListsAndClosesNothing() {
    openAll("c1", "c2");

    // This observer came up while the tap was in the middle of resync 3: part 0 went elsewhere.
    ingest.ingest(batch(2).resync(3, 1, false, listing("c3")).json());
    ingest.ingest(batch(3).resync(3, 2, true, listing("c4")).json());
    // A part skipped: the listing is incomplete as well.
    ingest.ingest(batch(4).resync(4, 0, false, listing("c3")).json());
    ingest.ingest(batch(5).resync(4, 2, true, listing("c4")).json());

    assertThat(closed).isEmpty();
    assertThat(active()).containsExactly("c1", "c2", "c3", "c4");

    ingest.ingest(batch(6).resync(5, 0, true, listing("c2")).json());

    assertThat(active()).as("the next whole resync settles it").containsExactly("c2");
  }

  @Test
  void ingest_rejectsAResyncChunkWithANegativePartOrANonBooleanLast() {
    openAll("c1");

    IngestResult result = ingest.ingest(batch(2)
        .raw(Map.of("type", "resync", "ts", NOW, "id", 1, "part", -1, "last", true, "conns", List.of()))
        .raw(Map.of("type", "resync", "ts", NOW, "id", 1, "part", 0, "last", "yes", "conns", List.of()))
        .json());

    assertThat(result).isEqualTo(new IngestResult(0, 2));
    assertThat(active()).containsExactly("c1");
  }

  @Test
  void ingest_countsMalformedEventsAndAppliesTheRest() {
    IngestResult result = ingest.ingest(batch(1)
        .open("c1", "10.0.0.1", "ua")
        .raw(Map.of("type", "bogus", "ts", NOW))
        .raw(Map.of("type", "msg", "ts", NOW, "dir", "sideways", "size", 3))
        .raw(Map.of("type", "msg", "ts", NOW, "dir", "in"))
        .raw(Map.of("type", "msg", "dir", "in", "size", 3))
        .raw(Map.of("type", "open", "ts", NOW))
        .raw("not an object")
        .raw(Map.of("type", "msg", "ts", NOW, "dir", "out", "size", 5, "recipients", 0))
        .msg("c1", "in", "Update_VM", "Echo", 7, "{}")
        .json());

    assertThat(result).isEqualTo(new IngestResult(2, 7));
    assertThat(ingest.rejected()).isEqualTo(7);
    assertThat(ingest.accepted()).isEqualTo(2);
    assertThat(nodes.get(PROXY).messagesIn()).isEqualTo(1);
  }

  @Test
  void ingest_rejectsABatchWithoutANode() {
    IngestResult result = ingest.ingest(TapBatch.JSON.readTree("{\"events\":[{},{}]}"));

    assertThat(result).isEqualTo(new IngestResult(0, 2));
    assertThat(nodes.all()).isEmpty();
    assertThat(ingest.ingest((tools.jackson.databind.JsonNode) null)).isEqualTo(new IngestResult(0, 1));
  }

  @Test
  void ingest_sumsCumulativeTapDropsAcrossBatchesAndRestarts_andCountsSeqGaps() {
    ingest.ingest(batch(1).dropped("queue_full", 5).dropped("observer_down", 2).json());
    ingest.ingest(batch(2).dropped("queue_full", 8).dropped("observer_down", 2).json());
    ingest.ingest(batch(5).dropped("queue_full", 8).dropped("observer_down", 3).json());
    // The node restarted: its totals start again from zero.
    ingest.ingest(batch(1).startedAt(1_800_000_000_001L).dropped("queue_full", 4).json());

    NodeState node = nodes.get(PROXY);
    assertThat(node.droppedByCause()).containsEntry("queue_full", 12L).containsEntry("observer_down", 3L);
    assertThat(node.tap().droppedTotal()).isEqualTo(15);
    assertThat(node.tap().seqGaps()).isEqualTo(2);
    assertThat(node.tap().batches()).isEqualTo(4);
  }

  @Test
  void ingest_closeKeepsTheConnectionAsRecentlyClosedWithItsReason() {
    ingest.ingest(batch(1).open("c1", "10.0.0.1", "ua").json());
    ingest.ingest(batch(2).at(NOW + 3_000).close("c1", "client_timeout").json());

    ConnectionState c1 = table.find("c1");
    assertThat(c1.isOpen()).isFalse();
    assertThat(c1.closeReason()).isEqualTo("client_timeout");
    assertThat(c1.closedAt() - c1.openedAt()).isEqualTo(3_000);
    assertThat(table.activeCount()).isZero();
    assertThat(nodes.get(PROXY).activeConnections()).isZero();
  }

  @Test
  void ingest_hostEventsFillTheNodeSeries() {
    ingest.ingest(batch(1).host(0.25, 1_000, 4_000).json());
    ingest.ingest(batch(2).at(NOW + 1_000).host(0.5, 2_000, 4_000).json());

    NodeState node = nodes.get(PROXY);
    assertThat(node.lastHost().cpuSystem()).isEqualTo(0.5);
    assertThat(node.hostSeries(NOW / 1000 + 5, 60).cpuSystem()).containsExactly(0.25, 0.5);
  }

  @Test
  void ingest_hostEventKeepsTheProcessRssAndHeap_inTheSampleAndTheSeries() {
    ingest.ingest(batch(1).host(0.25, 6_000, 16_000, 300, 120, 1_024).json());
    ingest.ingest(batch(2).at(NOW + 1_000).host(0.5, 6_500, 16_000, 310, 130, 1_024).json());

    HostSample last = nodes.get(PROXY).lastHost();
    assertThat(last.rss()).isEqualTo(310);
    assertThat(last.heapUsed()).isEqualTo(130);
    assertThat(last.heapMax()).isEqualTo(1_024);
    assertThat(last.memUsed()).isEqualTo(6_500);
    HostSeries series = nodes.get(PROXY).hostSeries(NOW / 1000 + 5, 60);
    assertThat(series.rss()).containsExactly(300, 310);
    assertThat(series.heapUsed()).containsExactly(120, 130);
    assertThat(series.memUsed()).containsExactly(6_000, 6_500);
  }

  @Test
  void ingest_hostEventWithoutRss_fromAnOlderTap_isAcceptedWithTheRssUnknown() {
    IngestResult result = ingest.ingest(batch(1).host(0.25, 1_000, 4_000).json());

    assertThat(result).isEqualTo(new IngestResult(1, 0));
    assertThat(nodes.get(PROXY).lastHost().rss()).isZero();
    assertThat(nodes.get(PROXY).lastHost().heapUsed()).isEqualTo(250);
  }

  @Test
  void ingest_hostEventWithANegativeOrNonNumericRss_readsItAsUnknown() {
    ingest.ingest(batch(1).host(0.25, 1_000, 4_000, -5, 10, 20).json());
    assertThat(nodes.get(PROXY).lastHost().rss()).isZero();

    ingest.ingest(batch(2).at(NOW + 1_000).raw(Map.of("type", "host", "ts", NOW + 1_000, "cpuSystem", 0.5,
        "rss", "lots", "heapUsed", 10)).json());
    assertThat(nodes.get(PROXY).lastHost().rss()).isZero();
    assertThat(nodes.get(PROXY).lastHost().cpuSystem()).isEqualTo(0.5);
  }

  @Test
  void ingest_hostLinks_keepsAtMostTheCap_skipsMalformedOnes_andReadsAWrongTypeAsUnknown() {
    List<Object> links = new ArrayList<>();
    links.add("not an object");
    links.add(Map.of("role", "proxy"));
    links.add(Map.of("role", "router", "name", "r1"));
    links.add(Map.of("role", "proxy", "name", "<img src=x onerror=alert(1)>"));
    for (int i = 0; i < LinkedNode.MAX_PER_NODE + 20; i++) {
      links.add(Map.of("role", "proxy", "name", "proxy-" + i));
    }

    IngestResult result = ingest.ingest(TapBatch.from(APP, "app").seq(1).at(NOW).hostWithLinks(links).json());

    assertThat(result).as("the host event stands, whatever its links").isEqualTo(new IngestResult(1, 0));
    List<LinkedNode> kept = nodes.get(APP).links();
    assertThat(kept).hasSize(LinkedNode.MAX_PER_NODE);
    assertThat(kept.get(0)).isEqualTo(new LinkedNode("proxy", "<img src=x onerror=alert(1)>", null, null));
    assertThat(kept.get(1).name()).isEqualTo("proxy-0");

    ingest.ingest(TapBatch.from(APP, "app").seq(2).at(NOW + 1_000).hostWithLinks("proxy-1").json());
    assertThat(nodes.get(APP).links()).as("a links that is no array tells nothing").hasSize(LinkedNode.MAX_PER_NODE);
  }
}
