package io.hubscope.observer.nodes;

import io.hubscope.observer.rates.ThroughputWindow;
import java.util.Map;

/**
 * A node as the API shows it; {@code host} is null until its first host event, {@code series} and
 * {@code throughput} are null when no window was asked for.
 */
public record NodeView(
    String id,
    String role,
    String name,
    String address,
    long startedAt,
    long lastSeen,
    int activeConnections,
    long msgsIn,
    long msgsOut,
    long bytesIn,
    long bytesOut,
    HostSample host,
    TapView tap,
    HostSeries series,
    ThroughputWindow throughput) {

  /** Tap statistics of one node. */
  public record TapView(long batches, long lastSeq, long seqGaps, long droppedTotal, Map<String, Long> droppedByCause) {}

  static NodeView of(NodeState n, HostSeries series, ThroughputWindow throughput) {
    TapStats t = n.tap();
    return new NodeView(n.id(), n.role(), n.name(), n.address(), n.startedAt(), n.lastSeen(),
        n.activeConnections(), n.messagesIn(), n.messagesOut(), n.bytesIn(), n.bytesOut(),
        n.lastHost(), new TapView(t.batches(), t.lastSeq(), t.seqGaps(), t.droppedTotal(),
            t.droppedByCause()), series, throughput);
  }
}
