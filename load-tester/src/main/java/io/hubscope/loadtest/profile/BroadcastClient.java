package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.metrics.SequenceTracker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Broadcast: requests {@code BroadcastVM} with {@code TickInterval}; counts distinct tick sequence
 * numbers, the gaps between them, the interval between receipts and the delivery latency
 * (receipt time minus the tick's {@code Time}, both from this machine's clock).
 */
final class BroadcastClient extends ProfileClient {

  private final ObjectNode vmArg;
  private final SequenceTracker sequences = new SequenceTracker();
  private long lastReceiptNanos;
  private long intervalSumNanos;
  private long intervals;

  BroadcastClient(RunStats stats, int tickInterval) {
    super(stats);
    this.vmArg = JsonNodeFactory.instance.objectNode().put("TickInterval", tickInterval);
  }

  @Override
  public String vmId() {
    return "BroadcastVM";
  }

  @Override
  public ObjectNode vmArg() {
    return vmArg;
  }

  @Override
  public void onState(JsonNode state, double nowMillis) {
    JsonNode tick = state.get("Tick");
    if (tick == null || !tick.isObject()) return; // the first state before any tick
    if (!sequences.record(tick.path("Sequence").asLong(-1))) return;
    long now = System.nanoTime();
    if (lastReceiptNanos != 0) {
      intervalSumNanos += now - lastReceiptNanos;
      intervals++;
    }
    lastReceiptNanos = now;
    stats.received();
    stats.latency().recordMillis(nowMillis - tick.path("Time").asDouble(nowMillis));
  }

  @Override
  public void finish() {
    stats.missed(sequences.missed());
    if (intervals > 0) stats.clientInterval().add(intervalSumNanos / 1e6 / intervals);
  }
}
