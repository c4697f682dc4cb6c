package io.hubscope.hub.transport;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One socket's outbound queue, drained by Reactor Netty with coalesced flushes. Callers serialize
 * emissions (the sink allows one emitter at a time). A stateful connection that resumes on a new
 * socket gets a new outlet; the old one's frames die with the old socket.
 */
final class SocketOutlet {

  private record Frame(byte[] bytes, boolean binary) {}

  private final Sinks.Many<Frame> frames = Sinks.many().unicast().onBackpressureBuffer();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private volatile WebSocketSession session;

  /** Queues a frame; returns the bytes now queued and not yet handed to the socket. */
  long emit(byte[] bytes, boolean binary) {
    long buffered = bufferedBytes.addAndGet(bytes.length);
    frames.tryEmitNext(new Frame(bytes, binary));
    return buffered;
  }

  /** No more frames: the socket ends after the queued ones. */
  void complete() {
    frames.tryEmitComplete();
  }

  /** The frames as WebSocket messages for {@code session}, which this outlet now belongs to. */
  Flux<WebSocketMessage> messages(WebSocketSession session) {
    this.session = session;
    return frames.asFlux().map(frame -> {
      bufferedBytes.addAndGet(-frame.bytes().length);
      DataBuffer buffer = session.bufferFactory().wrap(frame.bytes());
      return new WebSocketMessage(frame.binary() ? WebSocketMessage.Type.BINARY : WebSocketMessage.Type.TEXT, buffer);
    });
  }

  /** Ends the socket without a Close message (slow consumer, or replaced by a resumed socket). */
  void abort(CloseStatus status) {
    WebSocketSession s = session;
    if (s != null) s.close(status).subscribe();
  }
}
