package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.AckMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import io.hubscope.hub.protocol.SequenceMessage;
import io.hubscope.hub.transport.reconnect.InboundSequence;
import io.hubscope.hub.transport.reconnect.ReplayBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * A client connected by WebSocket. Inbound frames are decoded on the event loop in arrival order,
 * straight from the Netty pipeline ({@link SocketFrames}); outbound frames from any thread go out in
 * emission order through the socket's {@link SocketOutlet}, with coalesced flushes. Every server-side close sends a Close message with the reason first.
 *
 * <p>A stateful connection (stateful reconnect negotiated and handshake version 2) numbers and keeps
 * its trackable messages until the client acks them, and outlives a socket that drops without a
 * Close message: for the grace period it is detached, buffering, until the client comes back with
 * the same token; then it sends a Sequence message and replays what was not acknowledged.
 */
final class ClientConnection extends AbstractTransportConnection {

  private final boolean statefulOffered;
  /** Orders emissions, replay numbering and socket swaps. */
  private final Object lock = new Object();
  /** The current socket's queue; null while a stateful connection is detached. Written under lock. */
  private volatile SocketOutlet outlet = new SocketOutlet();
  private volatile long detachedSinceNanos;
  private volatile ReplayBuffer replay;
  private volatile InboundSequence inbound;

  /**
   * @param slotIp the client IP whose per-IP slot this socket holds (null: none)
   * @param statefulOffered whether negotiate granted stateful reconnect to this connection
   */
  ClientConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info, boolean statefulOffered) {
    super(endpoint, token, slotIp, info);
    this.statefulOffered = statefulOffered;
  }

  /** The handshake chose {@code protocol} in {@code version}; version 2 makes an offered connection stateful. */
  @Override
  public void handshaken(HubProtocol protocol, int version) {
    super.handshaken(protocol, version);
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
    WebsocketInbound inbound = WebSocketUpgrade.inbound(session);
    inbound.withConnection(connection -> {
      // Frames that reach an old socket after a resume replaced it are not read.
      SocketFrames.install(connection, endpoint.settings().maxFramePayload(), socket, (content, binary) -> {
        if (outlet == socket) onFrame(content, binary);
      });
      socket.attach(connection.channel(), session);
    });
    // A server close ends the connection once its Close message and the socket's Close frame are
    // out; the socket itself lives on until the client's Close frame answers (SocketOutlet).
    socket.ended().subscribe(null, null, () -> socketEnded(socket));
    return inbound.receiveFrames().then() // data frames go to onFrame: this ends with the socket
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> socketEnded(socket));
  }

  /** A stateful connection whose socket dropped without a Close message waits for its client. */
  private void socketEnded(SocketOutlet socket) {
    if (replay != null && !isClosing()) {
      synchronized (lock) {
        if (outlet != socket) return; // a resumed socket replaced this one
        detachedSinceNanos = System.nanoTime(); // before the volatile write the sweep reads first
        outlet = null;
      }
      endpoint.log().debug("[{}] socket dropped; waiting {} for the client to reconnect", id(),
          endpoint.reconnect().gracePeriod());
      return;
    }
    if (outlet == socket || isClosing()) ended();
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
      if (isClosing()) return session.close(CloseStatus.GOING_AWAY);
      old = outlet;
      outlet = fresh;
      detachedSinceNanos = 0;
      markReceived(System.nanoTime());
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

  private void onFrame(ByteBuf content, boolean binary) {
    markReceived(System.nanoTime());
    try {
      accept(ByteBufUtil.getBytes(content), binary);
    } catch (HubProtocolException e) {
      protocolError(e, "[{}] protocol error: {}");
    }
  }

  /** A stateful connection keeps each trackable message for replay; past its buffer it closes instead. */
  @Override
  boolean deliver(PreparedMessage message, byte[] bytes, boolean binary) {
    ReplayBuffer buffer = replay;
    if (buffer == null || !message.message().isTrackable()) return super.deliver(message, bytes, binary);
    boolean kept;
    synchronized (lock) { // numbering and queueing in one step keeps replay order = send order
      kept = buffer.append(bytes);
      if (kept) emit(bytes, binary);
    }
    if (kept) return true;
    endpoint.log().warn("[{}] closing: the client left {} bytes unacknowledged", id(), buffer.bufferedBytes());
    close(CloseReason.REPLAY_BUFFER_FULL, "Server closed the connection: the stateful reconnect buffer is full ("
        + buffer.maxBytes() + " bytes the client has not acknowledged)");
    return false;
  }

  /** Queues a frame on the current socket; a detached stateful connection only buffers for replay. */
  @Override
  void emit(byte[] bytes, boolean binary) {
    SocketOutlet socket;
    long buffered;
    synchronized (lock) {
      socket = outlet;
      if (socket == null) return;
      buffered = socket.emit(bytes, binary);
    }
    markSent();
    if (buffered > endpoint.settings().maxBufferedBytes()) {
      endpoint.log().warn("[{}] closing slow consumer: {} bytes buffered", id(), buffered);
      close(CloseReason.SLOW_CONSUMER, "Server closed the connection: the client did not read fast enough");
      socket.abort(CloseStatus.NORMAL);
    }
  }

  @Override
  void endWith(byte[] last, boolean binary) {
    synchronized (lock) {
      SocketOutlet socket = outlet;
      if (socket == null) return;
      if (last != null) socket.emit(last, binary);
      socket.complete();
    }
  }

  @Override
  public void close(CloseReason reason, String error) {
    boolean detached;
    synchronized (lock) { // against a resume: either it sees the close or the close sees its socket
      if (!markClosing(reason, error)) return;
      detached = outlet == null;
    }
    if (detached) {
      ended(); // no socket to tell: the connection just ends
    } else {
      endWithClose(reason, error);
    }
  }

  /**
   * Called about once a second: handshake deadline, keep-alive ping, client timeout; for a stateful
   * connection the Ack of what the client sent, and the end of a detached one's grace period.
   */
  @Override
  public void sweep(long now, TransportSettings settings) {
    if (isClosing()) return;
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
    sweepTimers(now, settings);
  }

  /** A silent stateful client is most likely behind a dead path: drop its socket and let it resume. */
  @Override
  void clientTimedOut(long now, TransportSettings settings) {
    SocketOutlet socket = outlet;
    if (replay == null || socket == null) {
      super.clientTimedOut(now, settings);
      return;
    }
    markReceived(now);
    endpoint.log().debug("[{}] silent for {}: dropping its socket", id(), settings.clientTimeout());
    socket.abort(CloseStatus.GOING_AWAY);
  }
}
