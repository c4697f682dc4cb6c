package io.hubscope.observer.nodes;

import io.hubscope.observer.rates.ThroughputWindow;
import java.util.List;
import java.util.Map;

/**
 * A node as the API shows it; {@code host} is null until its first host event, {@code series} and
 * {@code throughput} are null when no window was asked for. {@code startedAt} is the current
 * process's start, {@code incarnation} counts the processes seen (1 until the first restart) and
 * {@code starts} lists the latest ones, newest first.
 */
public record NodeView(
    String id,
    String role,
    String name,
    String address,
    long startedAt,
    int incarnation,
    List<NodeStart> starts,
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

  /**
   * Tap statistics of one node; {@code lateBatches} counts batches of an earlier process that came
   * after its successor's (only their messages and closes were applied).
   */
  public record TapView(long batches, long lastSeq, long seqGaps, long droppedTotal,
      Map<String, Long> droppedByCause, long lateBatches) {}

  static NodeView of(NodeState n, HostSeries series, ThroughputWindow throughput) {
    TapStats t = n.tap();
    return new NodeView(n.id(), n.role(), n.name(), n.address(), n.startedAt(), n.incarnation(),
        n.starts(), n.lastSeen(), n.activeConnections(), n.messagesIn(), n.messagesOut(), n.bytesIn(),
        n.bytesOut(), n.lastHost(), new TapView(t.batches(), t.lastSeq(), t.seqGaps(), t.droppedTotal(),
            t.droppedByCause(), t.lateBatches()), series, throughput);
  }
}
