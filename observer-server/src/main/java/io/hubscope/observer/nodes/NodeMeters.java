package io.hubscope.observer.nodes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus view of each node the taps report: connections, traffic, host telemetry and tap
 * drops, tagged by node id and read from the node's own counters when scraped. The node id
 * outlives restarts, so a restart adds no series; when a silent node is forgotten, every meter
 * tagged with it goes too (other features' per-node meters included), so series stay bounded.
 */
public final class NodeMeters implements MeterBinder {

  private final NodeRegistry nodes;

  public NodeMeters(NodeRegistry nodes) {
    this.nodes = nodes;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    nodes.onNodeAdded(n -> bind(registry, n));
    nodes.onNodeRemoved(n -> remove(registry, n.id()));
  }

  private static void remove(MeterRegistry registry, String node) {
    for (Meter meter : registry.getMeters()) {
      if (node.equals(meter.getId().getTag("node"))) {
        registry.remove(meter);
      }
    }
  }

  private static void bind(MeterRegistry registry, NodeState n) {
    String id = n.id();
    Gauge.builder("hubscope.observer.node.connections", n, NodeState::activeConnections)
        .description("Open connections per node").tag("node", id).register(registry);
    traffic(registry, "hubscope.observer.node.messages", null, n, "in", NodeState::messagesIn);
    traffic(registry, "hubscope.observer.node.messages", null, n, "out", NodeState::messagesOut);
    traffic(registry, "hubscope.observer.node.bytes", "bytes", n, "in", NodeState::bytesIn);
    traffic(registry, "hubscope.observer.node.bytes", "bytes", n, "out", NodeState::bytesOut);
    host(registry, "hubscope.observer.node.cpu", null, n, "kind", "system", HostSample::cpuSystem);
    host(registry, "hubscope.observer.node.cpu", null, n, "kind", "process", HostSample::cpuProcess);
    host(registry, "hubscope.observer.node.memory", "bytes", n, "kind", "used", HostSample::memUsed);
    host(registry, "hubscope.observer.node.memory", "bytes", n, "kind", "total", HostSample::memTotal);
    host(registry, "hubscope.observer.node.process.memory", "bytes", n, "kind", "rss",
        h -> h.rss() > 0 ? h.rss() : Double.NaN);
    host(registry, "hubscope.observer.node.heap", "bytes", n, "kind", "used", HostSample::heapUsed);
    host(registry, "hubscope.observer.node.heap", "bytes", n, "kind", "max", HostSample::heapMax);
    host(registry, "hubscope.observer.node.tap.queue.depth", null, n, null, null, HostSample::queueDepth);
    for (String cause : NodeState.DROP_CAUSES) {
      FunctionCounter.builder("hubscope.observer.node.tap.dropped", n, s -> s.tap().dropped(cause))
          .description("Events a tap dropped instead of sending, by cause")
          .tags("node", id, "cause", cause).register(registry);
    }
  }

  private static void traffic(MeterRegistry registry, String name, String unit, NodeState n,
      String direction, ToDoubleFunction<NodeState> value) {
    FunctionCounter.builder(name, n, value).baseUnit(unit)
        .description("Hub messages mirrored by the taps (fan-out counted per recipient)")
        .tags("node", n.id(), "direction", direction).register(registry);
  }

  private static void host(MeterRegistry registry, String name, String unit, NodeState n,
      String tag, String tagValue, ToDoubleFunction<HostSample> value) {
    Gauge.builder(name, n, s -> s.lastHost() == null ? Double.NaN : value.applyAsDouble(s.lastHost()))
        .baseUnit(unit).description("Host telemetry reported by the node's tap")
        .tags("node", n.id()).tags(tag == null ? new String[0] : new String[] {tag, tagValue}).register(registry);
  }
}
