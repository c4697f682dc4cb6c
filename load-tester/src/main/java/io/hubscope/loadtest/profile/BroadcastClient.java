package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.metrics.SequenceTracker;
import io.hubscope.loadtest.protocol.JsonCursor;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Broadcast: requests {@code BroadcastVM} with {@code TickInterval}; counts distinct tick sequence
 * numbers, the gaps between them, the interval between receipts (on average), the longest time
 * without a tick in the run phase (to its end included: a client that stops receiving shows) and
 * the delivery latency (receipt time minus the tick's {@code Time}, both from
 * this machine's clock).
 */
final class BroadcastClient extends ProfileClient {

  private static final byte[] TICK = JsonCursor.name("Tick");
  private static final byte[] SEQUENCE = JsonCursor.name("Sequence");
  private static final byte[] TIME = JsonCursor.name("Time");

  private final ObjectNode vmArg;
  private final SequenceTracker sequences = new SequenceTracker();
  private long lastReceiptNanos = RunStats.NOT_YET;
  private long intervalSumNanos;
  private long intervals;
  private long longestRunGapNanos;

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
  public void onState(JsonCursor state, double nowMillis) {
    if (!state.findField(TICK) || !state.enterObject()) return; // the first state before any tick
    long sequence = -1;
    double time = nowMillis;
    while (state.nextField()) {
      if (state.nameIs(SEQUENCE) && state.isNumber()) {
        sequence = state.longValue();
      } else if (state.nameIs(TIME) && state.isNumber()) {
        time = state.doubleValue();
      } else {
        state.skipValue();
      }
    }
    if (!sequences.record(sequence)) return;
    long now = System.nanoTime();
    if (lastReceiptNanos != RunStats.NOT_YET) {
      intervalSumNanos += now - lastReceiptNanos;
      intervals++;
    }
    longestRunGapNanos = Math.max(longestRunGapNanos, stats.runPhaseSilence(lastReceiptNanos, now));
    lastReceiptNanos = now;
    stats.received();
    stats.latency().recordMillis(nowMillis - time);
  }

  @Override
  public void finish() {
    stats.missed(sequences.missed());
    if (intervals > 0) stats.clientInterval().add(intervalSumNanos / 1e6 / intervals);
    long untilTheEnd = stats.runPhaseSilence(lastReceiptNanos, System.nanoTime());
    stats.clientLongestGap(Math.max(longestRunGapNanos, untilTheEnd));
  }
}
