package io.hubscope.observer.nodes;

import java.util.Arrays;

/**
 * Column-oriented host samples (epoch seconds in {@code t}), ready for a chart; {@code rss} is 0
 * for seconds whose sample had none.
 */
public record HostSeries(
    long[] t,
    double[] cpuSystem,
    double[] cpuProcess,
    long[] memUsed,
    long[] rss,
    long[] heapUsed,
    long[] connections,
    long[] queueDepth) {

  HostSeries(int n) {
    this(new long[n], new double[n], new double[n], new long[n], new long[n], new long[n], new long[n], new long[n]);
  }

  HostSeries trim(int n) {
    if (n == t.length) {
      return this;
    }
    return new HostSeries(Arrays.copyOf(t, n), Arrays.copyOf(cpuSystem, n),
        Arrays.copyOf(cpuProcess, n), Arrays.copyOf(memUsed, n), Arrays.copyOf(rss, n), Arrays.copyOf(heapUsed, n),
        Arrays.copyOf(connections, n), Arrays.copyOf(queueDepth, n));
  }
}
