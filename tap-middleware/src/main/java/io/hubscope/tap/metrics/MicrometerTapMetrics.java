package io.hubscope.tap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Tap metrics on Micrometer: {@code hubscope.tap.dropped} (tag cause), {@code hubscope.tap.sent},
 * {@code hubscope.tap.batch.send} (timer with a percentile histogram), {@code hubscope.tap.queue.depth}
 * {@code hubscope.tap.queue.bytes} and {@code hubscope.tap.commands} (tag outcome). docs/metrics.md lists every meter.
 */
public final class MicrometerTapMetrics implements TapMetrics {

  private final MeterRegistry registry;
  private final Counter sent;
  private final Timer batchSend;
  private final Map<DropCause, Counter> dropped = new EnumMap<>(DropCause.class);
  private final Counter commandsOk;
  private final Counter commandsRejected;

  public MicrometerTapMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.sent = Counter.builder("hubscope.tap.sent")
        .description("Mirrored events the observer acknowledged").register(registry);
    this.batchSend = Timer.builder("hubscope.tap.batch.send")
        .description("Tap batches from starting to write the batch to the observer's acknowledgement"
            + " (failed batches are counted as dropped instead)")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    // Every cause registered up front (dashboards see zeros, not missing series); read-only after.
    for (DropCause cause : DropCause.values()) {
      dropped.put(cause, Counter.builder("hubscope.tap.dropped").tag("cause", cause.tag())
          .description("Mirrored events the tap dropped instead of slowing the hub").register(registry));
    }
    this.commandsOk = commands(registry, "ok");
    this.commandsRejected = commands(registry, "rejected");
  }

  private static Counter commands(MeterRegistry registry, String outcome) {
    return Counter.builder("hubscope.tap.commands").tag("outcome", outcome)
        .description("Operator commands from the observer this node carried out or refused").register(registry);
  }

  @Override
  public void command(boolean ok) {
    (ok ? commandsOk : commandsRejected).increment();
  }

  @Override
  public void dropped(DropCause cause, int events) {
    dropped.get(cause).increment(events);
  }

  @Override
  public void sent(int events, long nanos) {
    sent.increment(events);
    batchSend.record(nanos, TimeUnit.NANOSECONDS);
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
