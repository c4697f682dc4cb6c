package io.hubscope.tap.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Tap metrics kept in fields, for tests and for apps without Micrometer. */
public final class InMemoryTapMetrics implements TapMetrics {

  private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private volatile IntSupplier depth = () -> 0;
  private volatile LongSupplier bytes = () -> 0;

  @Override
  public void dropped(String cause, int events) {
    dropped.computeIfAbsent(cause, c -> new AtomicLong()).addAndGet(events);
  }

  @Override
  public void sent(int events) {
    sent.addAndGet(events);
  }

  @Override
  public void queue(IntSupplier depth, LongSupplier bytes) {
    this.depth = depth;
    this.bytes = bytes;
  }

  public long dropped(String cause) {
    AtomicLong n = dropped.get(cause);
    return n == null ? 0 : n.get();
  }

  public long sent() {
    return sent.get();
  }

  public int queueDepth() {
    return depth.getAsInt();
  }

  public long queueBytes() {
    return bytes.getAsLong();
  }
}
