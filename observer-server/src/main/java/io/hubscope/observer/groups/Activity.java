package io.hubscope.observer.groups;

/**
 * Messages of one group or view model: per-second counts each way over the last {@link #SECONDS}
 * seconds (a ring indexed by the epoch second), totals and the last activity. Updated by the
 * ingest of any node, read by the views; its monitor is held for a few array writes.
 */
final class Activity {

  static final int SECONDS = 8;
  /** Rates average the last complete seconds: the current one is still filling. */
  static final int RATE_SECONDS = 5;

  private final long[] stamp = new long[SECONDS];
  private final long[] in = new long[SECONDS];
  private final long[] out = new long[SECONDS];
  private long totalIn;
  private long totalOut;
  private long lastActivity;

  synchronized void count(long nowMillis, boolean inbound, long messages) {
    long second = Math.floorDiv(nowMillis, 1000);
    int slot = (int) Math.floorMod(second, (long) SECONDS);
    if (stamp[slot] != second) {
      stamp[slot] = second;
      in[slot] = 0;
      out[slot] = 0;
    }
    if (inbound) {
      in[slot] += messages;
      totalIn += messages;
    } else {
      out[slot] += messages;
      totalOut += messages;
    }
    lastActivity = Math.max(lastActivity, nowMillis);
  }

  /** {inPerSecond, outPerSecond} over the {@link #RATE_SECONDS} complete seconds before now. */
  synchronized double[] rates(long nowMillis) {
    long current = Math.floorDiv(nowMillis, 1000);
    long sumIn = 0;
    long sumOut = 0;
    for (long s = current - RATE_SECONDS; s < current; s++) {
      int slot = (int) Math.floorMod(s, (long) SECONDS);
      if (stamp[slot] == s) {
        sumIn += in[slot];
        sumOut += out[slot];
      }
    }
    return new double[] {sumIn / (double) RATE_SECONDS, sumOut / (double) RATE_SECONDS};
  }

  synchronized long totalIn() { return totalIn; }
  synchronized long totalOut() { return totalOut; }
  synchronized long lastActivity() { return lastActivity; }
}
