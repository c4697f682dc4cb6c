package io.hubscope.tap.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Tap metrics kept in fields, for tests. */
public final class InMemoryTapMetrics implements TapMetrics {

  private final Map<DropCause, AtomicLong> dropped = new EnumMap<>(DropCause.class);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong commandsOk = new AtomicLong();
  private final AtomicLong commandsRejected = new AtomicLong();
  private volatile IntSupplier depth = () -> 0;
  private volatile LongSupplier bytes = () -> 0;

  public InMemoryTapMetrics() {
    // Filled before the tap starts and read-only after, so the EnumMap needs no locking.
    for (DropCause cause : DropCause.values()) dropped.put(cause, new AtomicLong());
  }

  @Override
  public void dropped(DropCause cause, int events) {
    dropped.get(cause).addAndGet(events);
  }

  @Override
  public void sent(int events, long nanos) {
    if (nanos < 0) throw new IllegalArgumentException("nanos < 0: " + nanos);
    sent.addAndGet(events);
    batches.incrementAndGet();
  }

  @Override
  public void queue(IntSupplier depth, LongSupplier bytes) {
    this.depth = depth;
    this.bytes = bytes;
  }

  @Override
  public void command(boolean ok) {
    (ok ? commandsOk : commandsRejected).incrementAndGet();
  }

  /** Commands answered with {@code ok} (true) or refused (false). */
  public long commands(boolean ok) {
    return (ok ? commandsOk : commandsRejected).get();
  }

  public long dropped(DropCause cause) {
    return dropped.get(cause).get();
  }

  public long sent() {
    return sent.get();
  }

  /** Batches the observer acknowledged, each timed. */
  public long batches() {
    return batches.get();
  }

  public int queueDepth() {
    return depth.getAsInt();
  }

  public long queueBytes() {
    return bytes.getAsLong();
  }
}
