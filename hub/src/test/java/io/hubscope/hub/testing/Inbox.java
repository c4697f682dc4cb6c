package io.hubscope.hub.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands what event-loop callbacks receive to the test thread without ever blocking the event loop.
 * A {@code BlockingQueue} would not do: its {@code add} takes a lock the reading thread may hold,
 * so the event loop parks (BlockHound reports it, and it only happens when the timing lines up).
 * Here producers only do a lock-free {@code add}; the test thread polls with a deadline.
 */
public final class Inbox<T> {

  /** Short enough not to slow a test down, long enough not to spin a core of a loaded machine. */
  private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

  private final Queue<T> items = new ConcurrentLinkedQueue<>();

  /** Never blocks: safe on an event loop. */
  public void add(T item) {
    items.add(item);
  }

  /** The next item, or null when none came within {@code timeout}. */
  public T next(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T item = items.poll();
      if (item != null) return item;
      if (System.nanoTime() - deadline >= 0) return null;
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.currentThread().isInterrupted()) return null;
    }
  }

  /** The next item; an AssertionError naming {@code what} when none came within {@code timeout}. */
  public T take(Duration timeout, String what) {
    T item = next(timeout);
    if (item == null) throw new AssertionError("no " + what + " within " + timeout);
    return item;
  }

  /** Everything received so far, removed from the inbox. */
  public List<T> drain() {
    List<T> out = new ArrayList<>();
    for (T item = items.poll(); item != null; item = items.poll()) out.add(item);
    return out;
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
