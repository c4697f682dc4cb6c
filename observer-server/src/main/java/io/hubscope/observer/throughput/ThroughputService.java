package io.hubscope.observer.throughput;

import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.rates.RateRing;
import io.hubscope.observer.rates.ThroughputWindow;
import java.time.Clock;

/** Live throughput windows summed over nodes (or for one node) from the per-node rings. */
public final class ThroughputService {

  private final NodeRegistry nodes;
  private final Clock clock;

  public ThroughputService(NodeRegistry nodes, Clock clock) {
    this.nodes = nodes;
    this.clock = clock;
  }

  /** The last {@code seconds} complete seconds; {@code node} null means all nodes. */
  public ThroughputWindow window(int seconds, String node) {
    int n = Math.max(1, Math.min(seconds, RateRing.SECONDS));
    long lastComplete = Math.floorDiv(clock.millis(), 1000) - 1;
    long from = lastComplete - n + 1;
    long[][] sums = new long[4][n];
    for (NodeState state : nodes.all()) {
      if (node == null || node.equals(state.id())) {
        state.rates().sumInto(from, sums);
      }
    }
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = from + i;
    }
    return new ThroughputWindow(1, t, sums[0], sums[1], sums[2], sums[3]);
  }

  /** Per-second averages over the last {@code seconds} complete seconds of one node or all. */
  public Rates rates(int seconds, String node) {
    ThroughputWindow w = window(seconds, node);
    return new Rates(avg(w.msgsIn()), avg(w.msgsOut()), avg(w.bytesIn()), avg(w.bytesOut()));
  }

  private static double avg(long[] values) {
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : (double) sum / values.length;
  }

  /** Messages and bytes per second each way. */
  public record Rates(double msgsIn, double msgsOut, double bytesIn, double bytesOut) {}
}
