package io.hubscope.hub.client;

import io.hubscope.hub.connection.ReadFlush;
import java.nio.channels.ClosedChannelException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The send path of one connection, safe from any thread. Callers enqueue encoded messages; one
 * drain task on the link's event loop writes everything queued and flushes once, so a burst of
 * sends costs one syscall (or one HTTP request) instead of one per message. A message sent on the
 * event loop while it reads the link's frames (an answer to what came in) is written at once,
 * when nothing waits before it, and flushed with the read's other answers when the read completes.
 */
final class OutboundQueue implements Runnable {

  /** One encoded message and who wants to know it was written (null: nobody). */
  private record Outgoing(byte[] payload, Consumer<Throwable> onWritten) {
  }

  private final ClientLink link;
  private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile long lastEnqueuedNanos = System.nanoTime();
  private final ReadFlush reads = new ReadFlush();

  OutboundQueue(ClientLink link) {
    this.link = link;
  }

  /**
   * Queues one encoded message. {@code onWritten}, if not null, is called on the event loop with
   * null once the message is written, or with the failure.
   */
  void enqueue(byte[] payload, Consumer<Throwable> onWritten) {
    lastEnqueuedNanos = System.nanoTime();
    if (link.eventLoop().inEventLoop() && reads.reading() && queue.isEmpty() && link.isActive()) {
      link.write(payload, onWritten);
      reads.wrote();
      return;
    }
    queue.offer(new Outgoing(payload, onWritten));
    if (drainScheduled.compareAndSet(false, true)) {
      link.eventLoop().execute(this);
    }
  }

  /** The event loop starts handing the link's frames to the connection (WebSocket only). */
  void readStarted() {
    reads.readStarted();
  }

  /** The event loop read what the link had: one flush for what was written meanwhile. */
  void readComplete() {
    if (reads.readComplete()) link.flush();
  }

  /** When a message was last queued; the keep-alive pings only after a quiet interval. */
  long lastEnqueuedNanos() {
    return lastEnqueuedNanos;
  }

  /** The drain task; also called directly on the event loop before closing. */
  @Override
  public void run() {
    drainScheduled.set(false);
    boolean wrote = false;
    Outgoing next;
    while ((next = queue.poll()) != null) {
      if (!link.isActive()) {
        fail(next, new ClosedChannelException());
        continue;
      }
      link.write(next.payload(), next.onWritten());
      wrote = true;
    }
    if (wrote) link.flush();
  }

  /** Fails everything still queued; for when the connection is gone. */
  void failAll(Throwable cause) {
    Outgoing next;
    while ((next = queue.poll()) != null) {
      fail(next, cause);
    }
  }

  private static void fail(Outgoing outgoing, Throwable cause) {
    if (outgoing.onWritten() != null) outgoing.onWritten().accept(cause);
  }
}
