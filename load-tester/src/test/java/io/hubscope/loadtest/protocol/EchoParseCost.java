package io.hubscope.loadtest.protocol;

import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.JsonMappers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Not a test: the load tester's protocol work for one echo round trip (read a ping's Response_VM,
 * read the ping, write the pong, read the pong's completion), the way it was (trees) and the way it
 * is (scanning), on one thread without a network, so the two compare on a busy machine. Prints
 * nanoseconds per round trip, the best of several batches. See docs/perf/load-tester.md.
 */
public final class EchoParseCost {

  static final String STATE = "{\"Ping\":{\"ConnectionId\":\"Vjhq4ngVciRTMH9VNYz2BA\",\"Time\":1.7650512345671235E12,"
      + "\"Sequence\":123456,\"PrevLatency\":0.8722999999999999,\"AvgLatency\":1.0234765}}";
  static final byte[] RESPONSE = ("{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\",\""
      + STATE.replace("\"", "\\\"") + "\"]]}\u001e").getBytes(StandardCharsets.UTF_8);
  static final byte[] COMPLETION = "{\"type\":3,\"invocationId\":\"123456\"}\u001e".getBytes(StandardCharsets.UTF_8);
  static final byte[] PING = JsonCursor.name("Ping");
  static final byte[] PONG = JsonCursor.name("Pong");
  static final byte[] SEQUENCE = JsonCursor.name("Sequence");
  static final byte[] CONNECTION_ID = JsonCursor.name("ConnectionId");
  static final byte[] PREV_LATENCY = JsonCursor.name("PrevLatency");

  /** The state parser the load tester had: a mapper whose buffers are recycled per thread. */
  static final JsonMapper STATE_PARSER = JsonMappers.builder().build();

  static long sink;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    HubProtocol.Reader trees = HubProtocols.JSON.newReader(64 * 1024);
    HubProtocol.Reader scanning = ScanningJsonProtocol.INSTANCE.newReader(64 * 1024);
    JsonCursor cursor = new JsonCursor();
    for (int batch = 0; batch < 5; batch++) { // warm-up
      run(rounds, () -> treeRoundTrip(trees));
      run(rounds, () -> scanningRoundTrip(scanning, cursor));
    }
    long tree = Long.MAX_VALUE;
    long scan = Long.MAX_VALUE;
    for (int batch = 0; batch < 10; batch++) {
      tree = Math.min(tree, run(rounds, () -> treeRoundTrip(trees)));
      scan = Math.min(scan, run(rounds, () -> scanningRoundTrip(scanning, cursor)));
    }
    System.out.printf("echo round trip, protocol work only: trees %d ns, scanning %d ns (%.2fx)%n", tree, scan,
        (double) scan / tree);
  }

  static long run(int rounds, Runnable roundTrip) {
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) roundTrip.run();
    return (System.nanoTime() - start) / rounds;
  }

  /** As before: the hub's reader builds the arguments' tree, the state is parsed into another, the pong is a tree. */
  static void treeRoundTrip(HubProtocol.Reader reader) {
    reader.read(ByteBuffer.wrap(RESPONSE), message -> {
      JsonNode response = ((InvocationMessage) message).arguments().get(0);
      if (!"EchoVM".equals(response.get(0).asString(""))) return;
      JsonNode state = STATE_PARSER.readTree(response.get(1).asString(""));
      if (state.has("ExceptionType")) return;
      JsonNode ping = state.get("Ping");
      sink += ping.path("Sequence").asLong(-1) + ping.path("ConnectionId").asString("").length()
          + (long) ping.path("PrevLatency").asDouble(0);
      ObjectNode pong = JsonNodeFactory.instance.objectNode();
      pong.set("Pong", ping);
      sink += HubProtocols.JSON.encode(new InvocationMessage("123456", "Update_VM",
          List.of(STATE_PARSER.valueToTree("EchoVM"), pong))).length;
    });
    reader.read(ByteBuffer.wrap(COMPLETION), count());
  }

  /** As now: scanned, the state checked and read from its bytes, the pong written from the ping's bytes. */
  static void scanningRoundTrip(HubProtocol.Reader reader, JsonCursor cursor) {
    reader.read(ByteBuffer.wrap(RESPONSE), message -> {
      VmResponse response = VmResponse.of(((InvocationMessage) message).arguments());
      if (!"EchoVM".equals(response.vmId()) || response.error(cursor) != null) return;
      JsonCursor state = response.state(cursor);
      state.findField(PING);
      int start = state.mark();
      state.enterObject();
      while (state.nextField()) {
        if (state.nameIs(SEQUENCE)) {
          sink += state.longValue();
        } else if (state.nameIs(CONNECTION_ID)) {
          sink += state.stringEquals(CONNECTION_ID) ? 1 : 0;
        } else if (state.nameIs(PREV_LATENCY)) {
          sink += (long) state.doubleValue();
        } else {
          state.skipValue();
        }
      }
      JsonNode pong = RawJson.object(PONG, state.bytes(), start, state.position()).node();
      sink += ScanningJsonProtocol.INSTANCE.encode(new InvocationMessage("123456", "Update_VM",
          List.of(JsonNodeFactory.instance.stringNode("EchoVM"), pong))).length;
    });
    reader.read(ByteBuffer.wrap(COMPLETION), count());
  }

  static Consumer<HubMessage> count() {
    return message -> sink += message.type();
  }
}
