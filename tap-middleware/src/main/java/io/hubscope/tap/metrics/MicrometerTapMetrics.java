package io.hubscope.tap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Tap metrics on Micrometer: {@code hubscope.tap.dropped} (tag cause), {@code hubscope.tap.sent},
 * {@code hubscope.tap.queue.depth} and {@code hubscope.tap.queue.bytes}.
 */
public final class MicrometerTapMetrics implements TapMetrics {

  private final MeterRegistry registry;
  private final Counter sent;
  private final Map<DropCause, Counter> dropped = new EnumMap<>(DropCause.class);

  public MicrometerTapMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.sent = Counter.builder("hubscope.tap.sent")
        .description("Mirrored events the observer acknowledged").register(registry);
    // Every cause registered up front (dashboards see zeros, not missing series); read-only after.
    for (DropCause cause : DropCause.values()) {
      dropped.put(cause, Counter.builder("hubscope.tap.dropped").tag("cause", cause.tag())
          .description("Mirrored events the tap dropped instead of slowing the hub").register(registry));
    }
  }

  @Override
  public void dropped(DropCause cause, int events) {
    dropped.get(cause).increment(events);
  }

  @Override
  public void sent(int events) {
    sent.increment(events);
  }

  @Override
  public void queue(IntSupplier depth, LongSupplier bytes) {
    // Supplier gauges hold their lambdas strongly; object gauges would lose them to the GC (NaN).
    Gauge.builder("hubscope.tap.queue.depth", depth::getAsInt)
        .description("Events waiting for the tap's sender").register(registry);
    Gauge.builder("hubscope.tap.queue.bytes", bytes::getAsLong).baseUnit("bytes")
        .description("Estimated size of the events waiting for the tap's sender").register(registry);
  }
}
