package io.hubscope.observer.rates;

/**
 * Messages and bytes each way at one-second resolution for the last {@link #SECONDS} seconds, in
 * primitive arrays indexed by epoch second. One ring per node: writers of one node rarely race, so
 * a monitor on the ring is uncontended and cheaper than a global structure.
 */
public final class RateRing {

  /** Complete seconds kept: 15 minutes. */
  public static final int SECONDS = 900;

  /** One slot more than {@link #SECONDS}: the second in progress must not evict the oldest complete one. */
  private static final int SLOTS = SECONDS + 1;

  private final long[] stamp = new long[SLOTS];
  private final long[] msgsIn = new long[SLOTS];
  private final long[] msgsOut = new long[SLOTS];
  private final long[] bytesIn = new long[SLOTS];
  private final long[] bytesOut = new long[SLOTS];

  public RateRing() {
    java.util.Arrays.fill(stamp, -1);
  }

  /** Adds to the second {@code epochSecond}; seconds older than the window are ignored. */
  public synchronized void add(long epochSecond, boolean in, long messages, long bytes) {
    int slot = (int) Math.floorMod(epochSecond, (long) SLOTS);
    long current = stamp[slot];
    if (current != epochSecond) {
      if (current > epochSecond) {
        return; // older than the window: the slot already holds a newer second
      }
      stamp[slot] = epochSecond;
      msgsIn[slot] = 0;
      msgsOut[slot] = 0;
      bytesIn[slot] = 0;
      bytesOut[slot] = 0;
    }
    if (in) {
      msgsIn[slot] += messages;
      bytesIn[slot] += bytes;
    } else {
      msgsOut[slot] += messages;
      bytesOut[slot] += bytes;
    }
  }

  /**
   * Adds the seconds {@code [fromSecond, fromSecond + target.length)} into {@code target}, a
   * 4-column layout: msgs in, msgs out, bytes in, bytes out.
   */
  public synchronized void sumInto(long fromSecond, long[][] target) {
    int n = target[0].length;
    for (int i = 0; i < n; i++) {
      long second = fromSecond + i;
      int slot = (int) Math.floorMod(second, (long) SLOTS);
      if (stamp[slot] == second) {
        target[0][i] += msgsIn[slot];
        target[1][i] += msgsOut[slot];
        target[2][i] += bytesIn[slot];
        target[3][i] += bytesOut[slot];
      }
    }
  }
}
