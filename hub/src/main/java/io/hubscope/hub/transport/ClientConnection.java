package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A client connected by WebSocket. Inbound frames are decoded on the event loop in arrival order;
 * outbound frames from any thread go through one serialized queue that Reactor Netty drains with
 * coalesced flushes. Every server-side close sends a Close message with the reason first.
 */
final class ClientConnection implements HubConnection {

  private record Frame(byte[] bytes, boolean binary) {}

  private final HubEndpoint endpoint;
  private final String token;
  private final String slotIp;
  private final Map<String, Object> items = new ConcurrentHashMap<>();
  private final Sinks.Many<Frame> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final long openedNanos = System.nanoTime();
  private final MessageIntake intake;
  private volatile ConnectionInfo info;
  private volatile long lastReceivedNanos = openedNanos;
  private volatile long lastSentNanos = openedNanos;
  private volatile WebSocketSession session;
  private volatile CloseReason closeReason = CloseReason.NORMAL;
  private volatile String closeError;

  /** @param slotIp the client IP whose per-IP slot this socket holds (null: none) */
  ClientConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info) {
    this.endpoint = endpoint;
    this.token = token;
    this.slotIp = slotIp;
    this.info = info;
    this.intake = new MessageIntake(this, endpoint);
  }

  @Override
  public ConnectionInfo info() {
    return info;
  }

  @Override
  public Map<String, Object> items() {
    return items;
  }

  String slotIp() {
    return slotIp;
  }

  HubProtocol protocol() {
    return intake.protocol();
  }

  void handshaken(HubProtocol protocol) {
    info = info.withProtocol(protocol.name());
  }

  Mono<Void> run(WebSocketSession session) {
    this.session = session;
    Flux<WebSocketMessage> frames = outbound.asFlux().map(frame -> {
      bufferedBytes.addAndGet(-frame.bytes().length);
      DataBuffer buffer = session.bufferFactory().wrap(frame.bytes());
      return new WebSocketMessage(frame.binary() ? WebSocketMessage.Type.BINARY : WebSocketMessage.Type.TEXT, buffer);
    });
    // After the last frame (a Close message, when the server closes), end with a normal close frame:
    // clients treat a close without a status code (1005) as an error.
    Mono<Void> send = session.send(frames).then(Mono.defer(() -> session.close(CloseStatus.NORMAL)));
    Mono<Void> receive = session.receive().doOnNext(this::onFrame).then();
    return Mono.firstWithSignal(send, receive)
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> endpoint.closed(this, token, closeReason, closeError));
  }

  private void onFrame(WebSocketMessage message) {
    lastReceivedNanos = System.nanoTime();
    DataBuffer payload = message.getPayload();
    byte[] bytes = new byte[payload.readableByteCount()];
    payload.read(bytes);
    try {
      intake.accept(ByteBuffer.wrap(bytes), message.getType() == WebSocketMessage.Type.BINARY);
    } catch (HubProtocolException e) {
      endpoint.metrics().error(e.kind().tag());
      endpoint.log().debug("[{}] protocol error: {}", id(), e.getMessage());
      close(CloseReason.PROTOCOL_ERROR, "Protocol error: " + e.getMessage());
    }
  }

  @Override
  public boolean send(PreparedMessage message) {
    HubProtocol protocol = intake.protocol();
    if (protocol == null || closing.get()) return false;
    byte[] bytes = message.bytes(protocol);
    emit(bytes, protocol.isBinary());
    endpoint.metrics().messageSent(bytes.length);
    return true;
  }

  /** Raw frame, used for the handshake answer (always JSON text). */
  void sendRaw(byte[] bytes, boolean binary) {
    emit(bytes, binary);
  }

  private void emit(byte[] bytes, boolean binary) {
    long buffered = bufferedBytes.addAndGet(bytes.length);
    synchronized (outbound) {
      outbound.tryEmitNext(new Frame(bytes, binary));
    }
    lastSentNanos = System.nanoTime();
    if (buffered > endpoint.settings().maxBufferedBytes()) {
      endpoint.log().warn("[{}] closing slow consumer: {} bytes buffered", id(), buffered);
      close(CloseReason.SLOW_CONSUMER, "Server closed the connection: the client did not read fast enough");
      WebSocketSession s = session;
      if (s != null) s.close().subscribe();
    }
  }

  /** The client said goodbye with a Close message: end the socket without answering in kind. */
  void closedByClient() {
    if (!closing.compareAndSet(false, true)) return;
    closeReason = CloseReason.NORMAL;
    synchronized (outbound) {
      outbound.tryEmitComplete();
    }
  }

  @Override
  public void close(CloseReason reason, String error) {
    if (!closing.compareAndSet(false, true)) return;
    closeReason = reason;
    closeError = error;
    HubProtocol protocol = intake.protocol();
    if (protocol != null) {
      byte[] bytes = protocol.encode(new CloseMessage(error, reason.allowReconnect()));
      emitFinal(bytes, protocol.isBinary());
    } else if (error != null) {
      emitFinal(io.hubscope.hub.protocol.Handshake.errorResponse(error), false);
    } else {
      synchronized (outbound) {
        outbound.tryEmitComplete();
      }
    }
  }

  private void emitFinal(byte[] bytes, boolean binary) {
    synchronized (outbound) {
      outbound.tryEmitNext(new Frame(bytes, binary));
      outbound.tryEmitComplete();
    }
  }

  /** Called about once a second: handshake deadline, keep-alive ping, client timeout. */
  void sweep(long now, TransportSettings settings) {
    if (closing.get()) return;
    if (intake.protocol() == null) {
      if (now - openedNanos > settings.handshakeTimeout().toNanos()) {
        close(CloseReason.CLIENT_TIMEOUT, "Handshake was canceled: no handshake received within "
            + settings.handshakeTimeout().toSeconds() + " s");
      }
      return;
    }
    if (now - lastReceivedNanos > settings.clientTimeout().toNanos()) {
      close(CloseReason.CLIENT_TIMEOUT, "Server timeout elapsed without receiving a message from the client.");
    } else if (now - lastSentNanos > settings.keepAliveInterval().toNanos()) {
      send(TransportSettings.PING);
    }
  }

  boolean isClosing() {
    return closing.get();
  }
}
