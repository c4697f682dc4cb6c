package io.hubscope.observer.nodes;

import java.util.Arrays;

/**
 * Host telemetry of one node, one sample per second for 15 minutes, in primitive arrays. Taps
 * send one host event a second, so a monitor per node costs nothing.
 */
public final class HostRing {

  static final int SECONDS = 900;

  private final long[] stamp = new long[SECONDS];
  private final double[] cpuSystem = new double[SECONDS];
  private final double[] cpuProcess = new double[SECONDS];
  private final long[] memUsed = new long[SECONDS];
  private final long[] rss = new long[SECONDS];
  private final long[] heapUsed = new long[SECONDS];
  private final long[] connections = new long[SECONDS];
  private final long[] queueDepth = new long[SECONDS];

  HostRing() {
    Arrays.fill(stamp, -1);
  }

  synchronized void put(long epochSecond, HostSample s) {
    int slot = (int) Math.floorMod(epochSecond, (long) SECONDS);
    if (stamp[slot] > epochSecond) {
      return;
    }
    stamp[slot] = epochSecond;
    cpuSystem[slot] = s.cpuSystem();
    cpuProcess[slot] = s.cpuProcess();
    memUsed[slot] = s.memUsed();
    rss[slot] = s.rss();
    heapUsed[slot] = s.heapUsed();
    connections[slot] = s.connections();
    queueDepth[slot] = s.queueDepth();
  }

  /** The samples of the last {@code seconds} seconds up to {@code nowSecond}, oldest first. */
  synchronized HostSeries series(long nowSecond, int seconds) {
    int n = Math.min(seconds, SECONDS);
    HostSeries out = new HostSeries(n);
    int count = 0;
    for (long second = nowSecond - n + 1; second <= nowSecond; second++) {
      int slot = (int) Math.floorMod(second, (long) SECONDS);
      if (stamp[slot] != second) {
        continue;
      }
      out.t()[count] = second;
      out.cpuSystem()[count] = cpuSystem[slot];
      out.cpuProcess()[count] = cpuProcess[slot];
      out.memUsed()[count] = memUsed[slot];
      out.rss()[count] = rss[slot];
      out.heapUsed()[count] = heapUsed[slot];
      out.connections()[count] = connections[slot];
      out.queueDepth()[count] = queueDepth[slot];
      count++;
    }
    return out.trim(count);
  }
}
