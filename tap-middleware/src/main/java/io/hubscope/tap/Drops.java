package io.hubscope.tap;

import io.hubscope.tap.metrics.DropCause;
import io.hubscope.tap.metrics.TapMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative drop counts by cause since the node started. Every batch carries the totals (not
 * deltas), so a batch lost in flight loses nothing of the count.
 */
final class Drops {

  private final LongAdder[] counts = new LongAdder[DropCause.values().length];
  private final TapMetrics metrics;

  Drops(TapMetrics metrics) {
    this.metrics = metrics;
    for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
  }

  void record(DropCause cause, int events) {
    if (events <= 0) return;
    counts[cause.ordinal()].add(events);
    metrics.dropped(cause, events);
  }

  long total(DropCause cause) {
    return counts[cause.ordinal()].sum();
  }

  Map<DropCause, Long> totals() {
    Map<DropCause, Long> totals = new EnumMap<>(DropCause.class);
    for (DropCause c : DropCause.values()) totals.put(c, total(c));
    return totals;
  }
}
