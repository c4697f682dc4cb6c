package io.hubscope.tap;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off between the hub's event loops and the tap's sender, bounded by count and by
 * bytes. {@link #offer} never blocks and never waits for a lock (BlockHound would rightly object
 * to a contended lock on an event loop): it reserves room with two atomic adds and backs out when
 * either limit is passed. One consumer (the sender) drains it.
 */
final class TapQueue {

  private final ConcurrentLinkedQueue<TapEvent> events = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final int maxEvents;
  private final long maxBytes;

  TapQueue(int maxEvents, long maxBytes) {
    if (maxEvents < 1) throw new IllegalArgumentException("maxEvents < 1: " + maxEvents);
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  /** Adds {@code event} when both limits allow it; false (and nothing held) otherwise. */
  boolean offer(TapEvent event) {
    int weight = event.weight();
    if (count.incrementAndGet() > maxEvents) {
      count.decrementAndGet();
      return false;
    }
    if (bytes.addAndGet(weight) > maxBytes) {
      bytes.addAndGet(-weight);
      count.decrementAndGet();
      return false;
    }
    events.offer(event);
    return true;
  }

  /**
   * Moves events to {@code batch} until it holds {@code maxEvents} or the next event would pass
   * {@code maxBytes} (a batch always takes at least one event). Returns the bytes moved.
   */
  long drainTo(List<TapEvent> batch, int maxEvents, long maxBytes, long batchBytes) {
    long moved = 0;
    while (batch.size() < maxEvents) {
      TapEvent next = events.peek();
      if (next == null) break;
      if (!batch.isEmpty() && batchBytes + moved + next.weight() > maxBytes) break;
      events.poll();
      count.decrementAndGet();
      bytes.addAndGet(-next.weight());
      batch.add(next);
      moved += next.weight();
    }
    return moved;
  }

  /** Removes everything; returns how many events were removed. */
  int clear() {
    int removed = 0;
    for (TapEvent e; (e = events.poll()) != null; removed++) {
      count.decrementAndGet();
      bytes.addAndGet(-e.weight());
    }
    return removed;
  }

  int depth() {
    return count.get();
  }

  long bytes() {
    return bytes.get();
  }
}
