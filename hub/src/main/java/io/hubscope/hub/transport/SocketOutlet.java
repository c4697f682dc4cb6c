package io.hubscope.hub.transport;

import io.hubscope.hub.connection.ReadFlush;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One socket's outbound frames, written straight to its Netty channel in the order they were
 * emitted. A frame emitted on the channel's event loop while it reads this socket (a completion,
 * the answer to a request) is written at once and flushed with the read's other answers when the
 * read completes; a frame from any other thread waits in a queue that one task on the event loop
 * drains with a single flush. While the channel is not writable (the client reads slower than the
 * hub writes), frames stay queued: {@link #emit} returns the bytes queued so, and the connection
 * closes a slow consumer past its bound. Callers serialize emissions. A stateful connection that
 * resumes on a new socket gets a new outlet; the old one's frames die with the old socket.
 *
 * <p>A normal close from the server is the WebSocket closing handshake (RFC 6455, 7.1): the Close
 * frame goes after the last frame, and the socket stays open until the client's Close frame comes
 * back ({@link SocketFrames} then closes it) or {@link #CLOSE_TIMEOUT} passes. Closing the socket
 * at once would reset whatever the client still sends, its own Close frame included, and clients
 * report that reset as an error (the official Java client fails its {@code stop()}).
 */
final class SocketOutlet {

  private record Frame(byte[] bytes, boolean binary) {}

  /** Queued after the last frame: the socket closes normally once everything before it is written. */
  private static final Object END = new Object();

  /** How long a socket waits for the client's Close frame after the server's (ASP.NET Core's default too). */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Queue<Object> queue = PlatformDependent.newMpscQueue();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::runScheduledDrain;
  private final Sinks.Empty<Void> ended = Sinks.empty();
  private volatile Channel channel;
  private volatile WebSocketSession session;
  private volatile boolean completed;
  private final ReadFlush reads = new ReadFlush();
  private boolean draining; // event loop only
  private volatile boolean closeSent;

  /** The socket this outlet writes to from now on; frames emitted before go out first. */
  void attach(Channel channel, WebSocketSession session) {
    this.session = session;
    this.channel = channel;
    scheduleDrain(channel);
  }

  /** Queues or writes a frame; returns the bytes queued and not yet handed to the socket. */
  long emit(byte[] bytes, boolean binary) {
    if (completed) return queuedBytes.get();
    Channel ch = channel;
    if (ch != null && ch.eventLoop().inEventLoop() && reads.reading() && queue.isEmpty() && ch.isWritable()) {
      write(ch, bytes, binary);
      reads.wrote(); // flushed when the read completes
      return queuedBytes.get();
    }
    long queued = queuedBytes.addAndGet(bytes.length);
    queue.offer(new Frame(bytes, binary));
    // Read again: a socket attached since the read above may have drained before this frame came.
    scheduleDrain(channel);
    return queued;
  }

  /** No more frames: the socket closes normally after the queued ones. */
  void complete() {
    if (completed) return;
    completed = true;
    queue.offer(END);
    scheduleDrain(channel);
  }

  /** Completes when the last frame is written and the socket's normal close begins. */
  Mono<Void> ended() {
    return ended.asMono();
  }

  /** Ends the socket at once, without a Close message (slow consumer, or replaced by a resumed socket). */
  void abort(CloseStatus status) {
    WebSocketSession s = session;
    if (s != null) s.close(status).subscribe(null, error -> { });
  }

  /** The event loop starts reading this socket's frames: what they answer waits for {@link #readComplete}. */
  void readStarted() {
    reads.readStarted();
  }

  /** The event loop read what the socket had: one flush for everything written meanwhile. */
  void readComplete() {
    if (reads.readComplete()) channel.flush();
  }

  /** The channel became writable again: write what waited. */
  void writable() {
    if (!queue.isEmpty()) drain();
  }

  private void scheduleDrain(Channel ch) {
    if (ch == null || !drainScheduled.compareAndSet(false, true)) return;
    try {
      ch.eventLoop().execute(drainTask);
    } catch (RejectedExecutionException loopStopped) {
      // The event loop has stopped and closed its sockets (a shutdown that stopped the loops
      // before the hub): nothing more can be written, and the socket has ended. The queue is
      // left to the collector: a loop still finishing its last tasks may be reading it.
      queuedBytes.set(0);
      ended.tryEmitEmpty();
    }
  }

  private void runScheduledDrain() {
    drainScheduled.set(false);
    drain();
  }

  /** On the event loop: writes queued frames while the channel takes them, flushing as it fills. */
  private void drain() {
    if (draining) return; // a flush below made the channel writable again: the loop goes on
    draining = true;
    Channel ch = channel;
    try {
      boolean wrote = false;
      Object next;
      while (ch.isWritable() && (next = queue.poll()) != null) {
        if (next == END) {
          reads.takePending(); // the Close frame's flush carries what this read wrote
          sendClose(ch);
          return;
        }
        Frame frame = (Frame) next;
        queuedBytes.addAndGet(-frame.bytes().length);
        write(ch, frame.bytes(), frame.binary());
        wrote = true;
        if (!ch.isWritable()) {
          ch.flush(); // may make room at once; the loop condition reads the answer
          wrote = false;
        }
      }
      if (wrote) {
        if (reads.reading()) reads.wrote();
        else ch.flush();
      }
    } finally {
      draining = false;
    }
  }

  /** The server's half of the closing handshake: a normal Close frame, then the wait for the client's. */
  private void sendClose(Channel ch) {
    closeSent = true;
    ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE), ch.voidPromise());
    var timeout = ch.eventLoop().schedule((Runnable) ch::close, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    ch.closeFuture().addListener(f -> timeout.cancel(false));
    ended.tryEmitEmpty();
  }

  /** True once the server's Close frame went out: a Close frame from the client then ends the socket. */
  boolean closeSent() {
    return closeSent;
  }

  private static void write(Channel ch, byte[] bytes, boolean binary) {
    var content = Unpooled.wrappedBuffer(bytes);
    ch.write(binary ? new BinaryWebSocketFrame(content) : new TextWebSocketFrame(content), ch.voidPromise());
  }
}
