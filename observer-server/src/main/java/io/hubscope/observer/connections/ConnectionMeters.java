package io.hubscope.observer.connections;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus view of the connection table, read from its own counters when scraped (the ingest
 * hot path makes no Micrometer call). No tags: never a connection id, IP or user agent.
 */
public final class ConnectionMeters implements MeterBinder {

  private final ConnectionTable connections;

  public ConnectionMeters(ConnectionTable connections) {
    this.connections = connections;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hubscope.observer.connections.tracked", connections, ConnectionTable::activeCount)
        .description("Open connections tracked individually").register(registry);
    FunctionCounter.builder("hubscope.observer.connections.untracked", connections, ConnectionTable::untracked)
        .description("Connections opened beyond the tracking cap").register(registry);
    Gauge.builder("hubscope.observer.payloads.retained", connections, c -> c.payloadBudget().usedChars())
        .description("Payload characters held by the connections' recent payloads").register(registry);
    FunctionCounter.builder("hubscope.observer.payloads.over.budget", connections, c -> c.payloadBudget().refused())
        .description("Recent payloads kept without text because the payload budget was spent").register(registry);
    connections.onClose(c -> duration(registry, c));
  }

  private static void duration(MeterRegistry registry, ConnectionState c) {
    // No node tag: a node's id changes with every restart, and a timer per id would never go away.
    Timer.builder("hubscope.observer.connection.duration")
        .description("How long the nodes' client connections stayed open, as the taps reported them")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofDays(1))
        .register(registry)
        .record(Math.max(0, c.closedAt() - c.openedAt()), TimeUnit.MILLISECONDS);
  }
}
