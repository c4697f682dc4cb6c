package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.AckMessage;
import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import io.hubscope.hub.protocol.SequenceMessage;
import io.hubscope.hub.transport.reconnect.InboundSequence;
import io.hubscope.hub.transport.reconnect.ReplayBuffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client connected by WebSocket. Inbound frames are decoded on the event loop in arrival order;
 * outbound frames from any thread go through one serialized queue that Reactor Netty drains with
 * coalesced flushes. Every server-side close sends a Close message with the reason first.
 *
 * <p>A stateful connection (stateful reconnect negotiated and handshake version 2) numbers and keeps
 * its trackable messages until the client acks them, and outlives a socket that drops without a
 * Close message: for the grace period it is detached, buffering, until the client comes back with
 * the same token; then it sends a Sequence message and replays what was not acknowledged.
 */
final class ClientConnection implements TransportConnection {

  private final HubEndpoint endpoint;
  private final String token;
  private final String slotIp;
  private final boolean statefulOffered;
  private final Map<String, Object> items = new ConcurrentHashMap<>();
  /** Orders emissions, replay numbering and socket swaps. */
  private final Object lock = new Object();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final long openedNanos = System.nanoTime();
  private final MessageIntake intake;
  private volatile ConnectionInfo info;
  private volatile long lastReceivedNanos = openedNanos;
  private volatile long lastSentNanos = openedNanos;
  /** The current socket's queue; null while a stateful connection is detached. Written under lock. */
  private volatile SocketOutlet outlet = new SocketOutlet();
  private volatile long detachedSinceNanos;
  private volatile ReplayBuffer replay;
  private volatile InboundSequence inbound;
  private volatile CloseReason closeReason = CloseReason.NORMAL;
  private volatile String closeError;

  /**
   * @param slotIp the client IP whose per-IP slot this socket holds (null: none)
   * @param statefulOffered whether negotiate granted stateful reconnect to this connection
   */
  ClientConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info, boolean statefulOffered) {
    this.endpoint = endpoint;
    this.token = token;
    this.slotIp = slotIp;
    this.info = info;
    this.statefulOffered = statefulOffered;
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

  @Override
  public String slotIp() {
    return slotIp;
  }

  @Override
  public HubProtocol protocol() {
    return intake.protocol();
  }

  /** The handshake chose {@code protocol} in {@code version}; version 2 makes an offered connection stateful. */
  @Override
  public void handshaken(HubProtocol protocol, int version) {
    info = info.withProtocol(protocol.name());
    if (statefulOffered && version >= 2) {
      inbound = new InboundSequence();
      replay = new ReplayBuffer(endpoint.reconnect().bufferSize());
      endpoint.resumable(token, this);
    }
  }

  /** Counts inbound trackable messages; null unless stateful. */
  @Override
  public InboundSequence inbound() {
    return inbound;
  }

  Mono<Void> run(WebSocketSession session) {
    return run(outlet, session);
  }

  private Mono<Void> run(SocketOutlet socket, WebSocketSession session) {
    Flux<WebSocketMessage> frames = socket.messages(session);
    // After the last frame (a Close message, when the server closes), end with a normal close frame:
    // clients treat a close without a status code (1005) as an error.
    Mono<Void> send = session.send(frames).then(Mono.defer(() -> session.close(CloseStatus.NORMAL)));
    Mono<Void> receive = session.receive().filter(m -> outlet == socket).doOnNext(this::onFrame).then();
    return Mono.firstWithSignal(send, receive)
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> socketEnded(socket));
  }

  /** A stateful connection whose socket dropped without a Close message waits for its client. */
  private void socketEnded(SocketOutlet socket) {
    if (replay != null && !closing.get()) {
      synchronized (lock) {
        if (outlet != socket) return; // a resumed socket replaced this one
        detachedSinceNanos = System.nanoTime(); // before the volatile write the sweep reads first
        outlet = null;
      }
      endpoint.log().debug("[{}] socket dropped; waiting {} for the client to reconnect", id(),
          endpoint.reconnect().gracePeriod());
      return;
    }
    if (outlet == socket || closing.get()) endpoint.closed(this, token, closeReason, closeError);
  }

  /**
   * The client came back with this connection's token: this socket replaces the old one (which is
   * aborted if the server had not noticed it drop yet). No handshake: the Sequence message goes
   * first, then every unacknowledged message in order, then live traffic.
   */
  Mono<Void> resume(WebSocketSession session) {
    HubProtocol protocol = intake.protocol();
    SocketOutlet fresh = new SocketOutlet();
    SocketOutlet old;
    int replayed;
    synchronized (lock) {
      if (closing.get()) return session.close(CloseStatus.GOING_AWAY);
      old = outlet;
      outlet = fresh;
      detachedSinceNanos = 0;
      lastReceivedNanos = System.nanoTime();
      intake.resume();
      inbound.resumed();
      List<byte[]> unacked = replay.unacknowledged();
      replayed = unacked.size();
      fresh.emit(protocol.encode(new SequenceMessage(replay.nextSequenceId())), protocol.isBinary());
      for (byte[] frame : unacked) fresh.emit(frame, protocol.isBinary());
    }
    if (old != null) old.abort(CloseStatus.GOING_AWAY);
    endpoint.metrics().reconnected(replayed);
    endpoint.log().debug("[{}] resumed; replaying {} messages", id(), replayed);
    return run(fresh, session);
  }

  /** The client acknowledged trackable messages up to {@code sequenceId}. */
  @Override
  public void acked(long sequenceId) {
    replay.ack(sequenceId);
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
    ReplayBuffer buffer = replay;
    if (buffer != null && message.message().isTrackable()) {
      boolean kept;
      synchronized (lock) { // numbering and queueing in one step keeps replay order = send order
        kept = buffer.append(bytes);
        if (kept) emit(bytes, protocol.isBinary());
      }
      if (!kept) {
        endpoint.log().warn("[{}] closing: the client left {} bytes unacknowledged", id(), buffer.bufferedBytes());
        close(CloseReason.REPLAY_BUFFER_FULL, "Server closed the connection: the stateful reconnect buffer is full ("
            + buffer.maxBytes() + " bytes the client has not acknowledged)");
        return false;
      }
    } else {
      emit(bytes, protocol.isBinary());
    }
    endpoint.metrics().messageSent(bytes.length);
    return true;
  }

  /** Raw frame, used for the handshake answer (always JSON text). */
  @Override
  public void sendRaw(byte[] bytes, boolean binary) {
    emit(bytes, binary);
  }

  /** Queues a frame on the current socket; a detached stateful connection only buffers for replay. */
  private void emit(byte[] bytes, boolean binary) {
    SocketOutlet socket;
    long buffered;
    synchronized (lock) {
      socket = outlet;
      if (socket == null) return;
      buffered = socket.emit(bytes, binary);
    }
    lastSentNanos = System.nanoTime();
    if (buffered > endpoint.settings().maxBufferedBytes()) {
      endpoint.log().warn("[{}] closing slow consumer: {} bytes buffered", id(), buffered);
      close(CloseReason.SLOW_CONSUMER, "Server closed the connection: the client did not read fast enough");
      socket.abort(CloseStatus.NORMAL);
    }
  }

  /** The client said goodbye with a Close message: end the socket without answering in kind. */
  @Override
  public void closedByClient() {
    if (!closing.compareAndSet(false, true)) return;
    closeReason = CloseReason.NORMAL;
    synchronized (lock) {
      SocketOutlet socket = outlet;
      if (socket != null) socket.complete();
    }
  }

  @Override
  public void close(CloseReason reason, String error) {
    boolean detached;
    synchronized (lock) { // against a resume: either it sees the close or the close sees its socket
      if (!closing.compareAndSet(false, true)) return;
      closeReason = reason;
      closeError = error;
      detached = outlet == null;
    }
    if (detached) { // no socket to tell: the connection just ends
      endpoint.closed(this, token, reason, error);
      return;
    }
    HubProtocol protocol = intake.protocol();
    if (protocol != null) {
      byte[] bytes = protocol.encode(new CloseMessage(error, reason.allowReconnect()));
      emitFinal(bytes, protocol.isBinary());
    } else if (error != null) {
      emitFinal(io.hubscope.hub.protocol.Handshake.errorResponse(error), false);
    } else {
      synchronized (lock) {
        SocketOutlet socket = outlet;
        if (socket != null) socket.complete();
      }
    }
  }

  private void emitFinal(byte[] bytes, boolean binary) {
    synchronized (lock) {
      SocketOutlet socket = outlet;
      if (socket == null) return;
      socket.emit(bytes, binary);
      socket.complete();
    }
  }

  /**
   * Called about once a second: handshake deadline, keep-alive ping, client timeout; for a stateful
   * connection the Ack of what the client sent, and the end of a detached one's grace period.
   */
  @Override
  public void sweep(long now, TransportSettings settings) {
    if (closing.get()) return;
    if (outlet == null) {
      if (now - detachedSinceNanos > endpoint.reconnect().gracePeriod().toNanos()) {
        close(CloseReason.RECONNECT_TIMEOUT, "The client did not reconnect within "
            + endpoint.reconnect().gracePeriod().toSeconds() + " s");
      }
      return;
    }
    InboundSequence in = inbound;
    long ack = in == null ? -1 : in.ackDue();
    if (ack > 0) send(new PreparedMessage(new AckMessage(ack)));
    if (intake.protocol() == null) {
      if (now - openedNanos > settings.handshakeTimeout().toNanos()) {
        close(CloseReason.CLIENT_TIMEOUT, "Handshake was canceled: no handshake received within "
            + settings.handshakeTimeout().toSeconds() + " s");
      }
      return;
    }
    if (now - lastReceivedNanos > settings.clientTimeout().toNanos()) {
      SocketOutlet socket = outlet;
      if (replay != null && socket != null) {
        // Most likely a dead path: drop the socket and let the client resume within the grace period.
        lastReceivedNanos = now;
        endpoint.log().debug("[{}] silent for {}: dropping its socket", id(), settings.clientTimeout());
        socket.abort(CloseStatus.GOING_AWAY);
      } else {
        close(CloseReason.CLIENT_TIMEOUT, "Server timeout elapsed without receiving a message from the client.");
      }
    } else if (now - lastSentNanos > settings.keepAliveInterval().toNanos()) {
      send(TransportSettings.PING);
    }
  }

  @Override
  public boolean isClosing() {
    return closing.get();
  }
}
