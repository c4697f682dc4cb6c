package io.hubscope.observer.payloads;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps the payload text the connections' recent-payload rings hold together. Without it the
 * worst case would be connections × ring size × payload size, gigabytes at the default caps; with
 * it a payload over budget is kept without its text and counted.
 */
public final class PayloadBudget {

  private final long limitChars;
  private final AtomicLong used = new AtomicLong();
  private final LongAdder refused = new LongAdder();

  public PayloadBudget(long limitChars) {
    if (limitChars < 0) {
      throw new IllegalArgumentException("limitChars < 0: " + limitChars);
    }
    this.limitChars = limitChars;
  }

  /** Reserves room for {@code chars}; false (and counted) when the budget is spent. */
  public boolean tryAcquire(int chars) {
    long now;
    do {
      now = used.get();
      if (now + chars > limitChars) {
        refused.increment();
        return false;
      }
    } while (!used.compareAndSet(now, now + chars));
    return true;
  }

  public void release(int chars) {
    used.addAndGet(-chars);
  }

  public long usedChars() {
    return used.get();
  }

  public long refused() {
    return refused.sum();
  }
}
