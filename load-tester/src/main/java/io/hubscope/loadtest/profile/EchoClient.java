package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.metrics.SequenceTracker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Echo and shared echo: answers each {@code Ping} with {@code Pong} (the ping payload, unchanged).
 * The round-trip latency is the one the server measured and reports in the next ping's
 * {@code PrevLatency}, so it needs no clock agreement and includes both directions. A ping that
 * carries another connection id than this client's first one is misdelivered.
 */
final class EchoClient extends ProfileClient {

  private final String vmId;
  private final ObjectNode vmArg;
  private final SequenceTracker sequences = new SequenceTracker();
  private String connectionId;
  private double latencySum;
  private long latencies;
  private volatile boolean stopped;

  EchoClient(RunStats stats, String vmId, int pingInterval) {
    super(stats);
    this.vmId = vmId;
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
  public void onState(JsonNode state, double nowMillis) {
    JsonNode ping = state.get("Ping");
    if (ping == null || !ping.isObject()) return;
    long sequence = ping.path("Sequence").asLong(-1);
    String pingConnection = ping.path("ConnectionId").asString("");
    if (connectionId == null) connectionId = pingConnection;
    if (!connectionId.equals(pingConnection)) {
      stats.misdelivered();
      return; // not ours to answer: the server is waiting on another client for it
    }
    if (!sequences.record(sequence)) return;
    stats.received();
    double prevLatency = ping.path("PrevLatency").asDouble(0);
    if (sequence > 1 && prevLatency > 0) {
      stats.latency().recordMillis(prevLatency);
      latencySum += prevLatency;
      latencies++;
    }
    if (stopped) return; // the server pings only after a pong: with no pong, nothing is left in flight
    ObjectNode pong = JsonNodeFactory.instance.objectNode();
    pong.set("Pong", ping);
    stats.invoked();
    connection.invoke("Update_VM", vmId, pong)
        .subscribe(null, error -> { if (connection.isOpen()) stats.error("Pong failed: " + error.getMessage()); });
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
