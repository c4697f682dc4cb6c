package io.hubscope.loadtest.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latencies in microseconds from the event-loop threads. Each thread records into its own
 * {@link SingleWriterRecorder}: one shared recorder would make every message of every loop contend
 * on the same counters. The progress line takes the last interval's histogram; every interval
 * taken is also added to the whole run's histogram.
 */
public final class LatencyRecorder {

  /** One hour in microseconds: anything slower is recorded as one hour. */
  private static final long HIGHEST = 3_600_000_000L;

  private final List<SingleWriterRecorder> recorders = new CopyOnWriteArrayList<>();
  private final ThreadLocal<SingleWriterRecorder> own = ThreadLocal.withInitial(() -> {
    SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST, 3);
    recorders.add(recorder);
    return recorder;
  });
  private final Histogram total = new Histogram(HIGHEST, 3);
  private final Histogram interval = new Histogram(HIGHEST, 3);
  private final Histogram scratch = new Histogram(HIGHEST, 3);

  public void recordMicros(long micros) {
    own.get().recordValue(Math.max(0, Math.min(micros, HIGHEST)));
  }

  public void recordMillis(double millis) {
    recordMicros(Math.round(millis * 1000));
  }

  /** The latencies recorded since the last call (for the progress line), also kept in the total. */
  public synchronized Histogram takeInterval() {
    interval.reset();
    for (SingleWriterRecorder recorder : recorders) {
      recorder.getIntervalHistogramInto(scratch);
      interval.add(scratch);
    }
    total.add(interval);
    return interval.copy();
  }

  /** Every latency recorded so far. */
  public synchronized Histogram total() {
    takeInterval();
    return total.copy();
  }
}
