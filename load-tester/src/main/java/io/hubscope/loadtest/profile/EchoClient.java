package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.metrics.SequenceTracker;
import io.hubscope.loadtest.protocol.JsonCursor;
import io.hubscope.loadtest.protocol.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Echo and shared echo: answers each {@code Ping} with {@code Pong} (the ping payload, unchanged).
 * The round-trip latency is the one the server measured and reports in the next ping's
 * {@code PrevLatency}, so it needs no clock agreement and includes both directions. A ping that
 * carries another connection id than this client's first one is misdelivered. Pings are read
 * field by field from the bytes, and the pong carries the ping's own bytes back.
 */
final class EchoClient extends ProfileClient {

  private static final byte[] PING = JsonCursor.name("Ping");
  private static final byte[] PONG = JsonCursor.name("Pong");
  private static final byte[] SEQUENCE = JsonCursor.name("Sequence");
  private static final byte[] CONNECTION_ID = JsonCursor.name("ConnectionId");
  private static final byte[] PREV_LATENCY = JsonCursor.name("PrevLatency");

  private final String vmId;
  private final JsonNode vmIdNode;
  private final ObjectNode vmArg;
  private final SequenceTracker sequences = new SequenceTracker();
  private byte[] connectionId; // UTF-8, from the first ping
  private final Consumer<Throwable> pongFailed = error -> {
    if (connection.isOpen()) stats.error("Pong failed: " + error.getMessage());
  };
  private double latencySum;
  private long latencies;
  private volatile boolean stopped;

  EchoClient(RunStats stats, String vmId, int pingInterval) {
    super(stats);
    this.vmId = vmId;
    this.vmIdNode = JsonNodeFactory.instance.stringNode(vmId);
    this.vmArg = JsonNodeFactory.instance.objectNode().put("PingInterval", pingInterval);
  }

  @Override
  public String vmId() {
    return vmId;
  }

  @Override
  public ObjectNode vmArg() {
    return vmArg;
  }

  @Override
  public void onState(JsonCursor state, double nowMillis) {
    if (!state.findField(PING) || !state.isObject()) return;
    int pingStart = state.mark();
    long sequence = -1;
    boolean ours = true;
    boolean sawConnectionId = false;
    double prevLatency = 0;
    state.enterObject();
    while (state.nextField()) {
      if (state.nameIs(SEQUENCE) && state.isNumber()) {
        sequence = state.longValue();
      } else if (state.nameIs(CONNECTION_ID) && state.isString()) {
        sawConnectionId = true;
        if (connectionId == null) {
          connectionId = state.stringValue().getBytes(StandardCharsets.UTF_8);
        } else {
          ours = state.stringEquals(connectionId);
        }
      } else if (state.nameIs(PREV_LATENCY) && state.isNumber()) {
        prevLatency = state.doubleValue();
      } else {
        state.skipValue();
      }
    }
    int pingEnd = state.position();
    if (!sawConnectionId) { // reads as ""
      if (connectionId == null) connectionId = new byte[0];
      ours = connectionId.length == 0;
    }
    if (!ours) {
      stats.misdelivered();
      return; // not ours to answer: the server is waiting on another client for it
    }
    if (!sequences.record(sequence)) return;
    stats.received();
    if (sequence > 1 && prevLatency > 0) {
      stats.latency().recordMillis(prevLatency);
      latencySum += prevLatency;
      latencies++;
    }
    if (stopped) return; // the server pings only after a pong: with no pong, nothing is left in flight
    JsonNode pong = RawJson.object(PONG, state.bytes(), pingStart, pingEnd).node();
    stats.invoked();
    connection.invokeIgnoringResult("Update_VM", pongFailed, vmIdNode, pong);
  }

  @Override
  public void stopSending() {
    stopped = true;
  }

  @Override
  public void finish() {
    stats.missed(sequences.missed());
    if (latencies > 0) stats.clientLatency().add(latencySum / latencies);
  }
}
