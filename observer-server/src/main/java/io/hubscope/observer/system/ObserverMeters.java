package io.hubscope.observer.system;

import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.history.HistoryWriter;
import io.hubscope.observer.ingest.IngestService;
import io.hubscope.observer.nodes.HostSample;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus view of the aggregation. Meters read the aggregation's own counters when scraped, so
 * the ingest hot path makes no Micrometer call. Tags are node ids, directions and drop causes:
 * never a connection id, IP or user agent.
 */
public final class ObserverMeters implements MeterBinder {

  private final NodeRegistry nodes;
  private final ConnectionTable connections;
  private final IngestService ingest;
  private final HistoryWriter history;

  public ObserverMeters(NodeRegistry nodes, ConnectionTable connections, IngestService ingest,
      HistoryWriter history) {
    this.nodes = nodes;
    this.connections = connections;
    this.ingest = ingest;
    this.history = history;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("hubscope.ingest.rejected", ingest, IngestService::rejected)
        .description("Tap events rejected as malformed or unknown").register(registry);
    FunctionCounter.builder("hubscope.ingest.accepted", ingest, IngestService::accepted)
        .description("Tap events accepted").register(registry);
    FunctionCounter.builder("hubscope.ingest.batches", ingest, IngestService::batches)
        .description("Tap batches received").register(registry);
    Gauge.builder("hubscope.connections.tracked", connections, ConnectionTable::activeCount)
        .description("Open connections tracked individually").register(registry);
    FunctionCounter.builder("hubscope.connections.untracked", connections, ConnectionTable::untracked)
        .description("Connections opened beyond the tracking cap").register(registry);
    Gauge.builder("hubscope.payloads.retained", connections, c -> c.payloadBudget().usedChars())
        .description("Payload characters held by the connections' recent payloads").register(registry);
    FunctionCounter.builder("hubscope.payloads.over.budget", connections, c -> c.payloadBudget().refused())
        .description("Recent payloads kept without text because the payload budget was spent").register(registry);
    FunctionCounter.builder("hubscope.history.dropped", history, HistoryWriter::droppedSessions)
        .description("Closed sessions not written because the history queue was full").register(registry);
    connections.onClose(c -> duration(registry, c));
    nodes.onNodeAdded(n -> bindNode(registry, n));
  }

  private static void duration(MeterRegistry registry, ConnectionState c) {
    Timer.builder("hubscope.connection.duration")
        .description("How long connections stayed open")
        .tag("node", c.node())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofDays(1))
        .register(registry)
        .record(Math.max(0, c.closedAt() - c.openedAt()), TimeUnit.MILLISECONDS);
  }

  private static void bindNode(MeterRegistry registry, NodeState n) {
    String id = n.id();
    Gauge.builder("hubscope.connections.active", n, NodeState::activeConnections)
        .description("Open connections per node").tag("node", id).register(registry);
    traffic(registry, "hubscope.messages", null, n, "in", NodeState::messagesIn);
    traffic(registry, "hubscope.messages", null, n, "out", NodeState::messagesOut);
    traffic(registry, "hubscope.bytes", "bytes", n, "in", NodeState::bytesIn);
    traffic(registry, "hubscope.bytes", "bytes", n, "out", NodeState::bytesOut);
    host(registry, "hubscope.node.cpu", null, n, "kind", "system", HostSample::cpuSystem);
    host(registry, "hubscope.node.cpu", null, n, "kind", "process", HostSample::cpuProcess);
    host(registry, "hubscope.node.memory", "bytes", n, "kind", "used", HostSample::memUsed);
    host(registry, "hubscope.node.memory", "bytes", n, "kind", "total", HostSample::memTotal);
    host(registry, "hubscope.node.process.memory", "bytes", n, "kind", "rss",
        h -> h.rss() > 0 ? h.rss() : Double.NaN);
    host(registry, "hubscope.node.heap", "bytes", n, "kind", "used", HostSample::heapUsed);
    host(registry, "hubscope.node.heap", "bytes", n, "kind", "max", HostSample::heapMax);
    host(registry, "hubscope.tap.queue", null, n, "kind", "depth", HostSample::queueDepth);
    for (String cause : NodeState.DROP_CAUSES) {
      FunctionCounter.builder("hubscope.tap.dropped", n, s -> s.tap().dropped(cause))
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
        .tags("node", n.id(), tag, tagValue).register(registry);
  }
}
