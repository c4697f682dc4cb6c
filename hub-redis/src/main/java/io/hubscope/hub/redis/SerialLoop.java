package io.hubscope.hub.redis;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs the cluster's work in the order it was handed in: members' calls, messages
 * from Redis and the periodic lease work. One thread keeps each server's calls and Redis messages in
 * order without locks. Handing work in never blocks (a lock-free queue and an unpark), so event
 * loops and Redis I/O threads may do it; the queue is bounded and a refused task is the caller's
 * error, never a silent loss.
 */
final class SerialLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SerialLoop.class);

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private final Thread thread;
  private volatile boolean closed;

  SerialLoop(String name, int capacity) {
    this.capacity = capacity;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code task}; false when the loop is full or closed. */
  boolean offer(Runnable task) {
    if (closed) return false;
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    tasks.add(task);
    LockSupport.unpark(thread);
    return true;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    while (!closed) {
      Runnable task = tasks.poll();
      if (task == null) {
        LockSupport.park(this);
        continue;
      }
      size.decrementAndGet();
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("cluster task failed", e);
      }
    }
  }

  /** Runs what is queued, then stops the thread (waiting at most {@code millis}). */
  void close(long millis) {
    offer(() -> closed = true);
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    LockSupport.unpark(thread);
  }

  @Override
  public void close() {
    close(2000);
  }
}
