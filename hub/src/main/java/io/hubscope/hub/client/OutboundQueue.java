package io.hubscope.hub.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.channels.ClosedChannelException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The send path of one connection, safe from any thread. Callers enqueue encoded messages; one
 * drain task on the channel's event loop writes everything queued and flushes once, so a burst of
 * sends costs one syscall instead of one per message.
 */
final class OutboundQueue implements Runnable {

  /** One encoded message and who wants to know it was written (null: nobody). */
  private record Outgoing(byte[] payload, Consumer<Throwable> onWritten) {
  }

  private final Channel channel;
  private final boolean binary;
  private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile long lastEnqueuedNanos = System.nanoTime();

  OutboundQueue(Channel channel, boolean binary) {
    this.channel = channel;
    this.binary = binary;
  }

  /**
   * Queues one encoded message. {@code onWritten}, if not null, is called on the event loop with
   * null once the message is written, or with the failure.
   */
  void enqueue(byte[] payload, Consumer<Throwable> onWritten) {
    lastEnqueuedNanos = System.nanoTime();
    queue.offer(new Outgoing(payload, onWritten));
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this);
    }
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
      if (!channel.isActive()) {
        fail(next, new ClosedChannelException());
        continue;
      }
      channel.write(frame(next.payload()), promise(next));
      wrote = true;
    }
    if (wrote) channel.flush();
  }

  /** Fails everything still queued; for when the connection is gone. */
  void failAll(Throwable cause) {
    Outgoing next;
    while ((next = queue.poll()) != null) {
      fail(next, cause);
    }
  }

  private WebSocketFrame frame(byte[] payload) {
    return binary
        ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload))
        : new TextWebSocketFrame(Unpooled.wrappedBuffer(payload));
  }

  private ChannelPromise promise(Outgoing outgoing) {
    if (outgoing.onWritten() == null) return channel.voidPromise();
    ChannelPromise promise = channel.newPromise();
    promise.addListener(f -> outgoing.onWritten().accept(f.cause()));
    return promise;
  }

  private static void fail(Outgoing outgoing, Throwable cause) {
    if (outgoing.onWritten() != null) outgoing.onWritten().accept(cause);
  }
}
