package io.hubscope.observer.ingest;

import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.payloads.MessageLog;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Not a test: the observer's work for one {@code Observe} batch, from the record's bytes to the
 * applied events, the way it was (the hub reads a tree, ingest walks it: {@link TreeIngest}) and
 * the way it is (the hub's parser decodes it into an {@link IngestBatch}, ingest applies that), on one thread
 * without a network, so the two compare on a busy machine. The batches are the observer ingest
 * bench's (load-tester {@code IngestBench}: 1,000 message events over 10,000 open connections).
 * Prints CPU nanoseconds and bytes allocated per event, the best of several rounds. See
 * docs/perf/tap.md.
 */
public final class IngestCost {

  static final int CONNECTIONS = 10_000;
  static final int EVENTS = 1_000;
  static final String PAYLOAD =
      "{\\\"Update\\\":{\\\"Symbol\\\":\\\"ACME\\\",\\\"Price\\\":123.45,\\\"Change\\\":-0.12,\\\"Volume\\\":1000000}}";
  static final String NODE = "{\"id\":\"bench-0@bench\",\"role\":\"proxy\",\"name\":\"bench-0\","
      + "\"address\":\"127.0.0.1:0\",\"startedAt\":1764000000000}";

  /** One observer and the hub reader in front of it. */
  static final class Side {
    final NodeRegistry nodes = new NodeRegistry(16);
    final ConnectionTable table = new ConnectionTable(100_000, 10_000, 600_000, 3);
    final MessageLog log = new MessageLog(10_000);
    final IngestService streamed = new IngestService(nodes, table, log, Clock.systemUTC());
    final TreeIngest tree = new TreeIngest(nodes, table, log, Clock.systemUTC(), Integer.MAX_VALUE);
    final HubProtocol.Reader reader;
    int applied;

    Side(boolean decoding) {
      reader = decoding ? HubProtocols.JSON.newReader(8 << 20, Map.of("Observe", IngestBatch::decode))
          : HubProtocols.JSON.newReader(8 << 20);
    }
  }

  static long seq;
  static final byte[][] BATCHES = new byte[16][];

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Side old = new Side(false);
    Side now = new Side(true);
    Consumer<HubMessage> viaTree = m -> old.applied += old.tree.ingest(((InvocationMessage) m).arguments().get(0)).accepted();
    Consumer<HubMessage> streamed = m -> now.applied += now.streamed.ingest(
        (IngestBatch) ((InvocationMessage) m).decodedArguments().get(0)).accepted();
    for (int b = 0; b * EVENTS < CONNECTIONS; b++) {
      byte[] opens = record(opens(b));
      old.reader.read(ByteBuffer.wrap(opens), viaTree);
      now.reader.read(ByteBuffer.wrap(opens), streamed);
    }
    // Built once, as the bench's are: the measured work is the observer's alone.
    for (int v = 0; v < BATCHES.length; v++) BATCHES[v] = record(messages(v));
    double[] tree = {Double.MAX_VALUE, Double.MAX_VALUE};
    double[] stream = {Double.MAX_VALUE, Double.MAX_VALUE};
    for (int round = 0; round < 15; round++) {
      boolean measured = round >= 5; // the first rounds warm up
      double[] t = run(rounds, () -> feed(old, viaTree));
      double[] s = run(rounds, () -> feed(now, streamed));
      if (measured) {
        tree = min(tree, t);
        stream = min(stream, s);
      }
    }
    System.out.printf("Observe batch of %d message events, hub read + ingest, per event: "
            + "tree %.0f ns %.0f B, streamed %.0f ns %.0f B (%.2fx time, %.2fx bytes)%n", EVENTS,
        tree[0], tree[1], stream[0], stream[1], stream[0] / tree[0], stream[1] / tree[1]);
  }

  private static int feed(Side side, Consumer<HubMessage> ingest) {
    int before = side.applied;
    side.reader.read(ByteBuffer.wrap(BATCHES[(int) (seq++ % BATCHES.length)]), ingest);
    return side.applied - before;
  }

  /** CPU ns and bytes allocated per event over {@code rounds} batches, on this thread. */
  private static double[] run(int rounds, IntSupplier batch) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long cpu = threads.getCurrentThreadCpuTime();
    long bytes = threads.getThreadAllocatedBytes(thread);
    long events = 0;
    for (int i = 0; i < rounds; i++) events += batch.getAsInt();
    if (events != (long) rounds * EVENTS) throw new IllegalStateException("applied " + events);
    return new double[] {(double) (threads.getCurrentThreadCpuTime() - cpu) / events,
        (double) (threads.getThreadAllocatedBytes(thread) - bytes) / events};
  }

  private static double[] min(double[] a, double[] b) {
    return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])};
  }

  private static byte[] record(String events) {
    String batch = "{\"node\":" + NODE + ",\"seq\":" + (++seq) + ",\"sentAt\":" + System.currentTimeMillis()
        + ",\"events\":" + events + "}";
    return ("{\"type\":1,\"invocationId\":\"" + seq + "\",\"target\":\"Observe\",\"arguments\":[" + batch + "]}\u001e")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** As IngestBench opens connections. */
  private static String opens(int b) {
    StringBuilder events = new StringBuilder("[");
    long ts = System.currentTimeMillis();
    for (int c = b * EVENTS; c < (b + 1) * EVENTS; c++) {
      if (events.length() > 1) events.append(',');
      events.append("{\"type\":\"open\",\"ts\":").append(ts).append(",\"conn\":\"bench-0-c").append(c)
          .append("\",\"ip\":\"10.").append(c >> 16 & 255).append('.').append(c >> 8 & 255).append('.').append(c & 255)
          .append("\",\"port\":50000,\"ua\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\",")
          .append("\"headers\":{\"user-agent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\"},")
          .append("\"transport\":\"WebSockets\",\"protocol\":\"json\"}");
    }
    return events.append(']').toString();
  }

  /** As IngestBench's message batches. */
  private static String messages(int variant) {
    StringBuilder events = new StringBuilder("[");
    long ts = System.currentTimeMillis();
    for (int e = 0; e < EVENTS; e++) {
      if (e > 0) events.append(',');
      events.append("{\"type\":\"msg\",\"ts\":").append(ts);
      if (e % 100 == 0) {
        events.append(",\"dir\":\"out\",\"call\":\"Response_VM\",\"vm\":\"StockTicker\",\"recipients\":180");
      } else {
        int conn = (variant * EVENTS + e * 7) % CONNECTIONS;
        events.append(",\"conn\":\"bench-0-c").append(conn).append("\",\"dir\":\"")
            .append(e % 2 == 0 ? "in\",\"call\":\"Update_VM\"" : "out\",\"call\":\"Response_VM\"")
            .append(",\"vm\":\"StockTicker\"");
      }
      events.append(",\"size\":").append(PAYLOAD.length()).append(",\"payload\":\"").append(PAYLOAD).append("\"}");
    }
    return events.append(']').toString();
  }
}
