package io.hubscope.app.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code burst} calls at once, then {@code perSecond}. Callers are
 * remembered up to {@code maxCallers}; past that the idle ones (full buckets) are forgotten first,
 * and if none is idle everything is, rather than grow without bound.
 */
final class RateLimiter {

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  private final double perSecond;
  private final int burst;
  private final int maxCallers;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond, int burst, int maxCallers, LongSupplier nanoTime) {
    if (!(perSecond > 0)) throw new IllegalArgumentException("perSecond must be > 0: " + perSecond);
    if (burst < 1) throw new IllegalArgumentException("burst < 1: " + burst);
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxCallers = maxCallers;
    this.nanoTime = nanoTime;
  }

  /** 0 when {@code caller} may go ahead (one token taken), else the seconds to wait. */
  long acquire(String caller) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= maxCallers && !buckets.containsKey(caller)) evictIdle(now);
    Bucket b = buckets.computeIfAbsent(caller, c -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
    }
  }

  private void refill(Bucket b, long now) {
    double elapsed = (now - b.updatedNanos) / (double) TimeUnit.SECONDS.toNanos(1);
    b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
    b.updatedNanos = now;
  }

  private void evictIdle(long now) {
    buckets.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        refill(e.getValue(), now);
        return e.getValue().tokens >= burst;
      }
    });
    if (buckets.size() >= maxCallers) buckets.clear();
  }
}
