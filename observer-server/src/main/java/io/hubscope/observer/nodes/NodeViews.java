package io.hubscope.observer.nodes;

import io.hubscope.observer.rates.RateRing;
import io.hubscope.observer.rates.ThroughputWindow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Node views for the API and the live streams. */
public final class NodeViews {

  private final NodeRegistry registry;
  private final Clock clock;

  public NodeViews(NodeRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** All nodes; with series over the last {@code seconds} seconds when {@code seconds} > 0. */
  public List<NodeView> list(int seconds) {
    long now = Math.floorDiv(clock.millis(), 1000);
    List<NodeView> out = new ArrayList<>();
    for (NodeState n : registry.sorted()) {
      out.add(seconds > 0 ? NodeView.of(n, n.hostSeries(now, seconds), rates(n, now, seconds))
          : NodeView.of(n, null, null));
    }
    return out;
  }

  public NodeView one(String id, int seconds) {
    NodeState n = registry.get(id);
    if (n == null) {
      return null;
    }
    long now = Math.floorDiv(clock.millis(), 1000);
    return NodeView.of(n, n.hostSeries(now, seconds), rates(n, now, seconds));
  }

  private static ThroughputWindow rates(NodeState n, long nowSecond, int seconds) {
    int count = Math.max(1, Math.min(seconds, RateRing.SECONDS - 1));
    long from = nowSecond - count;
    long[][] sums = new long[4][count];
    n.rates().sumInto(from, sums);
    long[] t = new long[count];
    for (int i = 0; i < count; i++) {
      t[i] = from + i;
    }
    return new ThroughputWindow(1, t, sums[0], sums[1], sums[2], sums[3]);
  }
}
