package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.nodes.HostSeries;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.payloads.MessageLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed ingest against the tree ingest it replaced ({@link TreeIngest}): the same batch
 * texts, valid and malformed, sent as {@code Observe} records through the hub's JSON reader (with
 * the ingest hub's decoder, and without it for the trees the old ingest walked) to two observers,
 * must give the same answers (or the same failure), the same counters and the same state, to the
 * last payload and header.
 */
class IngestParityTests {

  static final long NOW = 1_800_000_000_000L;
  /** The hub's reader as the ingest hub has it, and as it was (trees). */
  static final HubProtocol.Reader DECODING = HubProtocols.JSON.newReader(8 << 20, Map.of("Observe", IngestBatch::decode));
  static final HubProtocol.Reader TREES = HubProtocols.JSON.newReader(8 << 20);
  static final String NODE = "{\"id\":\"proxy-1@host:8082\",\"role\":\"proxy\",\"name\":\"proxy-1\","
      + "\"address\":\"127.0.0.1:8082\",\"startedAt\":" + (NOW - 60_000) + "}";

  final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW + 5_000), ZoneOffset.UTC);

  /** One observer's state and its ingest. */
  final class Observer {
    final NodeRegistry nodes = new NodeRegistry(4);
    final ConnectionTable table = new ConnectionTable(50, 50, 600_000, 3);
    final MessageLog log = new MessageLog(64);
    final IngestService streamed = new IngestService(nodes, table, log, clock, 40);
    final TreeIngest tree = new TreeIngest(nodes, table, log, clock, 40);
  }

  static Stream<Arguments> corpus() {
    String open = "{\"type\":\"open\",\"ts\":" + NOW + ",\"conn\":\"c1\",\"ip\":\"10.0.0.1\",\"port\":5000,"
        + "\"ua\":\"Mozilla\",\"headers\":{\"Origin\":\"http://x\",\"X-N\":5,\"X-O\":{\"a\":[1,2.50]},\"X-Null\":null,"
        + "\"Origin\":\"http://y\"},\"transport\":\"WebSockets\",\"protocol\":\"json\"}";
    String msg = "{\"type\":\"msg\",\"ts\":" + NOW + ",\"conn\":\"c1\",\"dir\":\"in\",\"call\":\"Update_VM\","
        + "\"vm\":\"Chat\",\"size\":40,\"payload\":\"{\\\"a\\\":\\\"é\\\\n\\\"} and some more text past forty\"}";
    return Stream.of(
        Arguments.of("a tap's batches", List.of(
            batch(1, "[" + open + "," + msg + "]"),
            batch(2, "[{\"type\":\"msg\",\"ts\":" + NOW + ",\"dir\":\"out\",\"call\":\"Response_VM\",\"vm\":\"Chat\","
                + "\"size\":70,\"recipients\":5,\"group\":\"g\",\"payload\":\"x\",\"truncated\":true},"
                + "{\"type\":\"host\",\"ts\":" + NOW + ",\"cpuSystem\":0.5,\"cpuProcess\":1,\"memUsed\":10,"
                + "\"memTotal\":20,\"rss\":-4,\"heapUsed\":1,\"heapMax\":-1,\"connections\":1,\"queueDepth\":0,"
                + "\"queueBytes\":0,\"links\":[{\"role\":\"proxy\",\"name\":\"p2\",\"id\":\"p2-x\",\"url\":\"http://p\"},"
                + "{\"role\":\"db\",\"name\":\"d\"},{\"role\":\"app\",\"name\":\" \"},5,{\"role\":\"app\",\"name\":\"a1\"}]},"
                + "{\"type\":\"close\",\"ts\":" + NOW + ",\"conn\":\"c1\",\"reason\":\"normal\",\"error\":\"bye\"}]"),
            batch(3, "[{\"type\":\"resync\",\"ts\":" + NOW + ",\"id\":7,\"part\":0,\"last\":false,\"conns\":["
                + "{\"conn\":\"r1\",\"ts\":" + (NOW - 5) + ",\"ip\":\"1.1.1.1\"},5,{\"ip\":\"no conn\"}]},"
                + "{\"type\":\"resync\",\"ts\":" + NOW + ",\"id\":7,\"part\":1,\"last\":true,\"conns\":[{\"conn\":\"r2\"}]}]"))),
        Arguments.of("restart and a late batch of the earlier process", List.of(
            batch(1, "[" + open + "]"),
            "{\"node\":" + NODE.replace(String.valueOf(NOW - 60_000), String.valueOf(NOW - 1_000))
                + ",\"seq\":1,\"events\":[" + open.replace("c1", "c2") + "]}",
            batch(9, "[" + msg + "," + open.replace("c1", "c3") + ",{\"type\":\"close\",\"ts\":" + NOW
                + ",\"conn\":\"c2\"},{\"type\":\"host\",\"ts\":" + NOW + ",\"cpuSystem\":0.1}]"))),
        Arguments.of("batches that are no batch", List.of("5", "\"x\"", "null", "[]", "[{\"node\":" + NODE + "}]", "{}",
            "{\"events\":[" + msg + "]}", "{\"node\":5,\"events\":[]}", "{\"node\":{\"id\":\"\"},\"events\":[1,2]}",
            "{\"node\":{\"id\":\"   \"},\"events\":[]}", "{\"node\":{\"id\":7},\"events\":[]}",
            "{\"node\":{\"id\":\"" + "n".repeat(3000) + "\"},\"events\":[]}",
            "{\"node\":" + NODE + "}", "{\"node\":" + NODE + ",\"events\":null}", "{\"node\":" + NODE + ",\"events\":{}}",
            "{\"node\":" + NODE + ",\"events\":\"[]\"}")),
        Arguments.of("properties named twice: the last counts", List.of(
            "{\"events\":[" + open + "],\"node\":" + NODE + ",\"seq\":1}",
            "{\"node\":" + NODE + ",\"events\":[" + msg + "],\"node\":\"gone\"}",
            "{\"node\":" + NODE + ",\"events\":5,\"events\":[" + msg + "],\"seq\":2,\"seq\":\"three\"}",
            "{\"node\":" + NODE + ",\"events\":[" + msg + "],\"events\":{}}",
            "{\"node\":" + NODE + ",\"dropped\":{\"queue_full\":1,\"too_large\":2,\"queue_full\":\"x\",\"other\":3},"
                + "\"events\":[{\"type\":\"msg\",\"type\":5,\"ts\":1},{\"ts\":\"x\",\"type\":\"close\",\"conn\":\"c1\","
                + "\"ts\":" + NOW + "},{\"type\":\"msg\",\"ts\":" + NOW + ",\"size\":5,\"dir\":\"in\",\"size\":-1}]}")),
        Arguments.of("numbers of every kind", List.of(
            batch(1, "[{\"type\":\"msg\",\"ts\":1.8e12,\"dir\":\"in\",\"size\":4.9,\"recipients\":2.5},"
                + "{\"type\":\"msg\",\"ts\":-5,\"dir\":\"out\",\"size\":0,\"recipients\":0},"
                + "{\"type\":\"msg\",\"ts\":" + (NOW + 3_600_000) + ",\"dir\":\"out\",\"size\":3000000000},"
                + "{\"type\":\"host\",\"ts\":" + NOW + ",\"cpuSystem\":12345678901234567890123,\"memUsed\":true}]"),
            batch(2, "[" + msg + ",{\"type\":\"msg\",\"ts\":1e300,\"dir\":\"in\",\"size\":1}," + msg + "]"),
            batch(3, "[" + msg + ",{\"type\":\"msg\",\"ts\":" + NOW + ",\"dir\":\"in\",\"size\":99999999999999999999}]"),
            "{\"node\":" + NODE + ",\"seq\":4,\"dropped\":{\"queue_full\":1e300},\"events\":[" + msg + "]}",
            "{\"node\":" + NODE + ",\"seq\":1e19,\"events\":[]}")),
        Arguments.of("headers, resyncs and links at their limits", List.of(
            batch(1, "[{\"type\":\"open\",\"ts\":" + NOW + ",\"conn\":\"h1\",\"headers\":" + manyHeaders() + "},"
                + "{\"type\":\"open\",\"ts\":" + NOW + ",\"conn\":\"h2\",\"headers\":[]},"
                + "{\"type\":\"open\",\"ts\":" + NOW + ",\"conn\":\"h3\",\"headers\":{}},"
                + "{\"type\":\"open\",\"ts\":" + NOW + ",\"conn\":\"\"},"
                + "{\"type\":\"open\",\"ts\":" + NOW + ",\"conn\":\"h4\",\"ua\":\"" + "u".repeat(2100) + "\",\"port\":1.5}]"),
            batch(2, "[{\"type\":\"resync\",\"ts\":" + NOW + ",\"conns\":{}},{\"type\":\"resync\",\"ts\":" + NOW
                + ",\"conns\":[],\"part\":-1},{\"type\":\"resync\",\"ts\":" + NOW + ",\"conns\":[],\"last\":null},"
                + "{\"type\":\"resync\",\"ts\":" + NOW + ",\"conns\":[],\"last\":\"yes\"},{\"type\":\"resync\",\"ts\":"
                + NOW + ",\"conns\":[],\"part\":3000000000},{\"type\":\"resync\",\"ts\":" + NOW + ",\"conns\":[{\"conn\":\"h1\"}]}]"),
            batch(3, "[{\"type\":\"host\",\"ts\":" + NOW + ",\"cpuSystem\":1,\"links\":" + manyLinks() + "},"
                + "{\"type\":\"host\",\"ts\":" + NOW + ",\"cpuSystem\":\"0.5\"},{\"type\":\"host\",\"ts\":" + NOW
                + ",\"cpuSystem\":0,\"links\":{}},{\"type\":\"host\",\"ts\":" + NOW + ",\"cpuSystem\":0,\"links\":[]}]"))),
        Arguments.of("events that are no event", List.of(
            batch(1, "[5,null,\"msg\",[],[{\"type\":\"msg\"}],{},{\"type\":\"nope\",\"ts\":1},{\"type\":null,\"ts\":1},"
                + "{\"type\":\"msg\",\"ts\":" + NOW + ",\"dir\":\"sideways\",\"size\":1},"
                + "{\"type\":\"msg\",\"ts\":" + NOW + ",\"dir\":\"in\",\"size\":1,\"payload\":{\"not\":\"text\"},"
                + "\"truncated\":\"true\",\"conn\":[\"c\"],\"call\":7,\"unknown\":{\"deep\":[[[[{\"x\":null}]]]]}},"
                + "{\"type\":\"close\",\"ts\":" + NOW + "},{\"type\":\"close\",\"ts\":" + NOW + ",\"conn\":\"zz\"}]"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void streamedIngest_doesWhatTheTreeIngestDid(String name, List<String> texts) {
    assertSameOutcome(texts);
  }

  /** Batches built at random from valid and invalid pieces, many at a time: what the corpus missed. */
  @Test
  void streamedIngest_doesWhatTheTreeIngestDid_onRandomBatches() {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 12; i++) texts.add(RandomBatch.text(random, NODE, NOW));
      assertSameOutcome(texts);
    }
  }

  private void assertSameOutcome(List<String> texts) {
    Observer old = new Observer();
    Observer now = new Observer();
    for (String text : texts) {
      InvocationMessage trees = observe(TREES, text);
      InvocationMessage decoded = observe(DECODING, text);
      String expected = outcome(() -> old.tree.ingest(trees.arguments().get(0)));
      String actual = outcome(() -> now.streamed.ingest((IngestBatch) decoded.decodedArguments().get(0)));
      assertThat(actual).as("the answer to %s", text).isEqualTo(expected);
    }
    assertThat(List.of(now.streamed.accepted(), now.streamed.rejected(), now.streamed.batches()))
        .as("accepted, rejected, batches").isEqualTo(List.of(old.tree.accepted(), old.tree.rejected(), old.tree.batches()));
    assertThat(state(now)).isEqualTo(state(old));
  }

  /** {@code batch} as the one argument of an Observe invocation, read by {@code reader}. */
  private static InvocationMessage observe(HubProtocol.Reader reader, String batch) {
    List<HubMessage> read = new ArrayList<>();
    byte[] record = ("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Observe\",\"arguments\":[" + batch + "]}\u001e")
        .getBytes(StandardCharsets.UTF_8);
    reader.read(ByteBuffer.wrap(record), read::add);
    return (InvocationMessage) read.get(0);
  }

  private static String outcome(Supplier<IngestResult> ingest) {
    try {
      return ingest.get().toString();
    } catch (RuntimeException e) {
      return "failed: " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** Everything ingest can change, as text. */
  private static String state(Observer o) {
    StringBuilder out = new StringBuilder();
    for (NodeState n : o.nodes.sorted()) {
      out.append(Arrays.asList(n.id(), n.role(), n.name(), n.address(), n.startedAt(), n.lastSeen(), n.incarnation(),
          n.activeConnections(), n.messagesIn(), n.messagesOut(), n.bytesIn(), n.bytesOut(),
          String.valueOf(n.lastHost()), n.links(), n.droppedByCause(), new TreeSet<>(n.openConnectionIds()),
          n.starts(), n.tap().batches(), n.tap().lastSeq(), n.tap().seqGaps(), n.tap().lateBatches(),
          n.tap().droppedByCause(), n.resync().inProgress(), series(n.hostSeries(NOW / 1000 + 5, 60)))).append('\n');
    }
    List<ConnectionState> connections = new ArrayList<>(o.table.activeConnections());
    connections.addAll(o.table.closedConnections());
    connections.sort(Comparator.comparing(ConnectionState::id).thenComparing(ConnectionState::openedAt));
    for (ConnectionState c : connections) {
      out.append(c.view()).append(c.headers()).append(c.error()).append(c.recent(true)).append(c.recent(false))
          .append('\n');
    }
    out.append(o.table.untracked()).append('\n').append(o.log.latest(m -> true, 1000));
    return out.toString();
  }

  private static String series(HostSeries s) {
    return Arrays.toString(s.t()) + Arrays.toString(s.cpuSystem()) + Arrays.toString(s.cpuProcess())
        + Arrays.toString(s.memUsed()) + Arrays.toString(s.rss()) + Arrays.toString(s.heapUsed())
        + Arrays.toString(s.connections()) + Arrays.toString(s.queueDepth());
  }

  static String batch(long seq, String events) {
    return "{\"node\":" + NODE + ",\"seq\":" + seq + ",\"sentAt\":" + NOW + ",\"dropped\":{\"queue_full\":" + seq
        + ",\"observer_down\":0},\"events\":" + events + "}";
  }

  private static String manyHeaders() {
    StringBuilder headers = new StringBuilder("{");
    for (int i = 0; i < 40; i++) headers.append("\"H").append(i % 35).append("\":\"v").append(i).append("\",");
    return headers.append("\"Long\":\"").append("x".repeat(2100)).append("\"}").toString();
  }

  private static String manyLinks() {
    StringBuilder links = new StringBuilder("[");
    for (int i = 0; i < 70; i++) links.append(i % 9 == 0 ? "{\"role\":\"x\"}" : "{\"role\":\"proxy\",\"name\":\"p" + i + "\"}").append(',');
    return links.append("{\"role\":\"app\",\"name\":\"last\"}]").toString();
  }
}
