package io.hubscope.loadtest.metrics;

import org.HdrHistogram.Histogram;

/** The latency percentiles reported for a run, in milliseconds. */
public record Percentiles(long count, double p50, double p90, double p99, double p999, double max) {

  public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

  /** From a histogram of microseconds. */
  public static Percentiles of(Histogram micros) {
    if (micros.getTotalCount() == 0) return EMPTY;
    return new Percentiles(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
