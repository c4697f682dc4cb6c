package io.hubscope.loadtest.metrics;

/**
 * Min, max and mean of per-client averages, the way the seed's summary lines report intervals and
 * latencies ("Min interval" is the lowest of the clients' average intervals).
 */
public final class Averages {

  private double min = Double.MAX_VALUE;
  private double max;
  private double sum;
  private long count;

  public synchronized void add(double clientAverage) {
    if (Double.isNaN(clientAverage)) return;
    min = Math.min(min, clientAverage);
    max = Math.max(max, clientAverage);
    sum += clientAverage;
    count++;
  }

  public synchronized double min() {
    return count == 0 ? 0 : round(min);
  }

  public synchronized double max() {
    return count == 0 ? 0 : round(max);
  }

  public synchronized double mean() {
    return count == 0 ? 0 : round(sum / count);
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
