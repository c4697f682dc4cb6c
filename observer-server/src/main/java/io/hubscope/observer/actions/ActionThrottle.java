package io.hubscope.observer.actions;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code maxPerMinute} actions per user in a fixed one-minute window, so a stuck script
 * or a careless loop cannot flood the nodes with commands. Keyed by login name: only configured
 * logins get this far, so the table is as small as the configuration.
 */
final class ActionThrottle {

  private static final long WINDOW_MILLIS = 60_000;

  private final int maxPerMinute;
  private final LongSupplier clock;
  private final Map<String, long[]> windows = new HashMap<>(); // {windowStart, count}

  ActionThrottle(int maxPerMinute, LongSupplier clock) {
    this.maxPerMinute = maxPerMinute;
    this.clock = clock;
  }

  /** Counts an attempt; returns 0 when it may go on, else the seconds until the user's next window. */
  synchronized long acquire(String user) {
    long now = clock.getAsLong();
    long[] w = windows.get(user);
    if (w == null || now - w[0] >= WINDOW_MILLIS) {
      windows.put(user, new long[] {now, 1});
      return 0;
    }
    if (w[1] >= maxPerMinute) {
      return Math.max(1, (w[0] + WINDOW_MILLIS - now + 999) / 1000);
    }
    w[1]++;
    return 0;
  }
}
