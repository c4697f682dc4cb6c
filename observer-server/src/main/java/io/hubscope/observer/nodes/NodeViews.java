package io.hubscope.observer.nodes;

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
      out.add(NodeView.of(n, seconds > 0 ? n.hostSeries(now, seconds) : null));
    }
    return out;
  }

  public NodeView one(String id, int seconds) {
    NodeState n = registry.get(id);
    if (n == null) {
      return null;
    }
    return NodeView.of(n, n.hostSeries(Math.floorDiv(clock.millis(), 1000), seconds));
  }
}
