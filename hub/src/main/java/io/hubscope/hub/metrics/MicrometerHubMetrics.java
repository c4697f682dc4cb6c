package io.hubscope.hub.metrics;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.Limit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hub metrics on Micrometer: {@code hubscope.connections.active}, {@code hubscope.connections.closed}
 * (tag reason), {@code hubscope.messages} and {@code hubscope.bytes} (tag direction in|out),
 * {@code hubscope.errors} (tag kind), {@code hubscope.refused} (tag limit: clients refused at a
 * {@link Limit}). Tags are low-cardinality only.
 */
public final class MicrometerHubMetrics implements HubMetrics {

  private final MeterRegistry registry;
  private final AtomicLong active = new AtomicLong();
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<Limit, Counter> refused = new EnumMap<>(Limit.class);

  public MicrometerHubMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("hubscope.connections.active", active, AtomicLong::get)
        .description("Open client connections, direct and logical").register(registry);
    messagesIn = Counter.builder("hubscope.messages").tag("direction", "in").register(registry);
    messagesOut = Counter.builder("hubscope.messages").tag("direction", "out").register(registry);
    bytesIn = Counter.builder("hubscope.bytes").baseUnit("bytes").tag("direction", "in").register(registry);
    bytesOut = Counter.builder("hubscope.bytes").baseUnit("bytes").tag("direction", "out").register(registry);
    for (CloseReason reason : CloseReason.values()) {
      closed.put(reason, Counter.builder("hubscope.connections.closed").tag("reason", reason.tag()).register(registry));
    }
    for (Limit limit : Limit.values()) {
      refused.put(limit, Counter.builder("hubscope.refused").tag("limit", limit.tag())
          .description("Clients refused at a limit, each with an error they can read").register(registry));
    }
  }

  @Override public void connectionOpened() { active.incrementAndGet(); }

  @Override
  public void connectionClosed(CloseReason reason) {
    active.decrementAndGet();
    closed.get(reason).increment();
  }

  @Override
  public void messageReceived(int bytes) {
    messagesIn.increment();
    bytesIn.increment(bytes);
  }

  @Override
  public void messageSent(int bytes) {
    messagesOut.increment();
    bytesOut.increment(bytes);
  }

  @Override
  public void error(String kind) {
    errors.computeIfAbsent(kind, k -> Counter.builder("hubscope.errors").tag("kind", k).register(registry)).increment();
  }

  @Override
  public void refused(Limit limit) {
    refused.get(limit).increment();
  }
}
