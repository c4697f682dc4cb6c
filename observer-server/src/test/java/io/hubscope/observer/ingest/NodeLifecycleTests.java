package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hubscope.observer.TapBatch;
import io.hubscope.observer.TestClock;
import io.hubscope.observer.connections.ConnectionMeters;
import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.nodes.NodeMeters;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeStart;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.nodes.NodeViews;
import io.hubscope.observer.payloads.MessageLog;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node across restarts and silence, through the real ingest path: one node per name and address,
 * an incarnation per process, its old process's connections closed, and a silent node forgotten
 * with its meters, so restarts never fill the registry or the metrics.
 */
class NodeLifecycleTests {

  static final long NOW = 1_800_000_000_000L;
  static final long EXPIRE_AFTER = Duration.ofMinutes(5).toMillis();
  static final String PROXY = "proxy-1@host:8082";

  TestClock clock = new TestClock(NOW);
  NodeRegistry nodes = new NodeRegistry(256);
  ConnectionTable table = new ConnectionTable(100_000, 1_000, 600_000, 2);
  IngestService ingest = new IngestService(nodes, table, new MessageLog(64), clock);
  PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  NodeLifecycleTests() {
    new NodeMeters(nodes).bindTo(meters);
    new ConnectionMeters(table).bindTo(meters);
  }

  TapBatch from(String node, long startedAt, long seq) {
    return TapBatch.from(node, "proxy").startedAt(startedAt).seq(seq).at(clock.millis());
  }

  @Test
  void restart_isANewIncarnationOfTheSameNode_andClosesWhatThePreviousProcessHeldOpen() {
    ingest.ingest(from(PROXY, NOW - 60_000, 1).open("c1", "10.0.0.1", "ua").open("c2", "10.0.0.2", "ua")
        .msg("c1", "in", "Update_VM", "Chat", 10, "{}").json());
    clock.advance(Duration.ofSeconds(30));
    ingest.ingest(from(PROXY, NOW + 20_000, 1).open("c3", "10.0.0.3", "ua").json());

    assertThat(nodes.all()).hasSize(1);
    NodeState node = nodes.get(PROXY);
    assertThat(node.incarnation()).isEqualTo(2);
    assertThat(node.startedAt()).isEqualTo(NOW + 20_000);
    assertThat(node.starts()).extracting(NodeStart::incarnation, NodeStart::startedAt)
        .containsExactly(tuple(2, NOW + 20_000L), tuple(1, NOW - 60_000L));
    assertThat(node.openConnectionIds()).containsExactly("c3");
    ConnectionState c1 = table.find("c1");
    assertThat(c1.isOpen()).isFalse();
    assertThat(c1.closeReason()).isEqualTo(IngestService.NODE_RESTARTED);
    assertThat(c1.closedAt()).as("gone by the time its successor started").isEqualTo(NOW + 20_000);
    assertThat(node.messagesIn()).as("totals go on across restarts").isEqualTo(1);
  }

  @Test
  void lateBatchOfTheReplacedProcess_countsItsMessagesAndDrops_butNeverFlipsTheNodeBack() {
    long first = NOW - 60_000;
    long second = NOW - 1_000;
    ingest.ingest(from(PROXY, first, 1).open("c1", "10.0.0.1", "ua").dropped("queue_full", 2).json());
    ingest.ingest(from(PROXY, second, 1).open("c2", "10.0.0.2", "ua").host(0.5, 1, 2).json());

    IngestResult late = ingest.ingest(from(PROXY, first, 2).dropped("queue_full", 5)
        .msg("c1", "in", "Update_VM", "Chat", 10, "{}")
        .open("c9", "10.0.0.9", "ua").host(0.9, 1, 2).json());
    ingest.ingest(from(PROXY, second, 2).msg("c2", "in", "Update_VM", "Chat", 10, "{}").json());

    NodeState node = nodes.get(PROXY);
    assertThat(late).as("its message counts; its open and host sample would describe the new process")
        .isEqualTo(new IngestResult(1, 2));
    assertThat(node.incarnation()).isEqualTo(2);
    assertThat(node.startedAt()).isEqualTo(second);
    assertThat(node.openConnectionIds()).containsExactly("c2");
    assertThat(table.active("c9")).isNull();
    assertThat(node.lastHost().cpuSystem()).isEqualTo(0.5);
    assertThat(node.messagesIn()).isEqualTo(2);
    assertThat(node.tap().dropped("queue_full")).as("2, then 3 more from the late batch").isEqualTo(5);
    assertThat(node.tap().lateBatches()).isEqualTo(1);
    assertThat(node.tap().lastSeq()).as("the current process's sequence").isEqualTo(2);
    assertThat(node.tap().seqGaps()).isZero();
  }

  @Test
  void restartWithAnEarlierStartTheObserverNeverSaw_isARestart_theNodesClockWentBack() {
    ingest.ingest(from(PROXY, NOW, 1).open("c1", "10.0.0.1", "ua").json());
    ingest.ingest(from(PROXY, NOW - 3_600_000, 1).open("c2", "10.0.0.2", "ua").json());

    NodeState node = nodes.get(PROXY);
    assertThat(node.incarnation()).isEqualTo(2);
    assertThat(node.openConnectionIds()).containsExactly("c2");
  }

  @Test
  void tapThatPutsItsStartInTheId_isStillOneNodeAcrossRestarts() {
    long first = NOW - 60_000;
    long second = NOW - 1_000;
    ingest.ingest(from("proxy-1@host:8082#" + Long.toString(first, 36), first, 1).json());
    ingest.ingest(from("proxy-1@host:8082#" + Long.toString(second, 36), second, 1).json());

    assertThat(nodes.sorted()).extracting(NodeState::id).containsExactly(PROXY);
    assertThat(nodes.get(PROXY).incarnation()).isEqualTo(2);
  }

  @Test
  void thousandIncarnationsOfFiftyNodes_neverRefused_atMostFiftyNodes_andTheSeriesStayBounded() {
    int nodeCount = 50;
    int meterCountAfterFirstRound = 0;
    int seriesAfterFirstRound = 0;
    for (int round = 0; round < 1_000; round++) {
      for (int n = 0; n < nodeCount; n++) {
        String conn = "n" + n + "-r" + round;
        long startedAt = NOW + round * 1_000L;
        // Half the nodes run taps that still put their start into the id, as all did before.
        String id = "proxy-" + n + "@10.0.0." + n + ":8082" + (n % 2 == 0 ? "" : "#" + Long.toString(startedAt, 36));
        IngestResult result = ingest.ingest(from(id, startedAt, 1)
            .open(conn + "-a", "10.1.0.1", "ua").open(conn + "-b", "10.1.0.2", "ua")
            .msg(conn + "-a", "in", "Update_VM", "Chat", 10, "{}")
            .host(0.5, 1_000, 2_000, 300, 100, 1_000)
            .close(conn + "-b", "normal").json());
        assertThat(result.rejected()).as("round %d node %d", round, n).isZero();
      }
      clock.advance(Duration.ofSeconds(1));
      assertThat(ingest.expireSilentNodes(clock.millis(), EXPIRE_AFTER)).as("every node is live").isZero();
      if (round == 0) {
        meterCountAfterFirstRound = meters.getMeters().size();
        seriesAfterFirstRound = series();
      }
    }

    assertThat(nodes.size()).isEqualTo(nodeCount);
    assertThat(nodes.get("proxy-7@10.0.0.7:8082").incarnation()).isEqualTo(1_000);
    assertThat(nodes.get("proxy-8@10.0.0.8:8082").incarnation()).isEqualTo(1_000);
    assertThat(nodes.get("proxy-7@10.0.0.7:8082").starts()).hasSize(10);
    assertThat(table.activeCount()).as("one open connection per node: the rest closed at restart")
        .isEqualTo(nodeCount);
    assertThat(table.closedCount()).isLessThanOrEqualTo(1_000);
    assertThat(meters.getMeters()).hasSize(meterCountAfterFirstRound);
    assertThat(series()).isEqualTo(seriesAfterFirstRound);
  }

  @Test
  void nodeSilentPastExpireAfter_leavesTheTopology_withItsMetersAndOpenConnections_andMayComeBack() {
    ingest.ingest(from(PROXY, NOW, 1).open("c1", "10.0.0.1", "ua").host(0.5, 1, 2).close("c1", "normal")
        .open("c2", "10.0.0.2", "ua").json());
    ingest.ingest(from("app-1@host:8081", NOW, 1).host(0.5, 1, 2).json());
    assertThat(nodeMeters(PROXY)).isNotEmpty();

    clock.advance(Duration.ofMinutes(4));
    ingest.ingest(from("app-1@host:8081", NOW, 2).host(0.5, 1, 2).json());
    clock.advance(Duration.ofMinutes(1));
    assertThat(ingest.expireSilentNodes(clock.millis(), EXPIRE_AFTER)).as("silent exactly expire-after").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(ingest.expireSilentNodes(clock.millis(), EXPIRE_AFTER)).isEqualTo(1);

    assertThat(nodes.get(PROXY)).isNull();
    assertThat(new NodeViews(nodes, clock).list(0)).extracting(v -> v.id()).containsExactly("app-1@host:8081");
    assertThat(nodeMeters(PROXY)).as("its node meters and connection durations").isEmpty();
    assertThat(nodeMeters("app-1@host:8081")).isNotEmpty();
    assertThat(scrape()).doesNotContain("node=\"" + PROXY + "\"");
    assertThat(table.activeCount()).isZero();
    assertThat(table.find("c2").closeReason()).isEqualTo(IngestService.NODE_EXPIRED);

    ingest.ingest(from(PROXY, NOW + 400_000, 1).host(0.5, 1, 2).json());
    assertThat(nodes.get(PROXY).incarnation()).as("a node forgotten starts afresh").isEqualTo(1);
    assertThat(nodeMeters(PROXY)).isNotEmpty();
  }

  @Test
  void expiry_refusesAnExpireAfterShorterThanItsOwnPeriod_withAClearMessage() {
    assertThatThrownBy(() -> new NodeExpiry(ingest, clock, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("expireAfter < PT1S: PT0.5S");
  }

  List<Meter> nodeMeters(String node) {
    return meters.getMeters().stream().filter(m -> node.equals(m.getId().getTag("node"))).toList();
  }

  String scrape() {
    return meters.scrape();
  }

  /** Samples in the Prometheus exposition: what a scrape stores as series. */
  int series() {
    return (int) scrape().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
  }
}
