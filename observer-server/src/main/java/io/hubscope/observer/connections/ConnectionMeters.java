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
 * hot path makes no Micrometer call). Tags are node ids only: never a connection id, IP or user agent.
 */
public final class ConnectionMeters implements MeterBinder {

  private final ConnectionTable connections;

  public ConnectionMeters(ConnectionTable connections) {
    this.connections = connections;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hubscope.connections.tracked", connections, ConnectionTable::activeCount)
        .description("Open connections tracked individually").register(registry);
    FunctionCounter.builder("hubscope.connections.untracked", connections, ConnectionTable::untracked)
        .description("Connections opened beyond the tracking cap").register(registry);
    Gauge.builder("hubscope.payloads.retained", connections, c -> c.payloadBudget().usedChars())
        .description("Payload characters held by the connections' recent payloads").register(registry);
    FunctionCounter.builder("hubscope.payloads.over.budget", connections, c -> c.payloadBudget().refused())
        .description("Recent payloads kept without text because the payload budget was spent").register(registry);
    connections.onClose(c -> duration(registry, c));
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
}
