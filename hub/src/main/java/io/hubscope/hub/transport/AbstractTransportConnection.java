package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.Handshake;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * What a connection does the same on every transport: its frames go through one
 * {@link MessageIntake}; a send is counted; a server-side close ends the stream with a Close message
 * and the reason (before the handshake, with the handshake's error answer); the sweep enforces the
 * handshake deadline and the client timeout and sends the keep-alive ping; the hub is told once
 * when the connection has ended. The subclasses say how frames reach the client.
 */
abstract class AbstractTransportConnection implements TransportConnection {

  final HubEndpoint endpoint;
  final String token;
  final MessageIntake intake;
  final AtomicBoolean closing = new AtomicBoolean();
  final long openedNanos = System.nanoTime();
  private final String slotIp;
  private final Map<String, Object> items = new ConcurrentHashMap<>();
  private volatile ConnectionInfo info;
  private volatile long lastReceivedNanos = openedNanos;
  private volatile long lastSentNanos = openedNanos;
  private volatile CloseReason closeReason = CloseReason.NORMAL;
  private volatile String closeError;

  /** @param slotIp the client IP whose per-IP slot this connection holds (null: none) */
  AbstractTransportConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info) {
    this.endpoint = endpoint;
    this.token = token;
    this.slotIp = slotIp;
    this.info = info;
    this.intake = new MessageIntake(this, endpoint);
  }

  /** Queues one frame for the client; never blocks. */
  abstract void emit(byte[] bytes, boolean binary);

  /** Queues {@code last} (if not null) as the final frame and ends the stream to the client. */
  abstract void endWith(byte[] last, boolean binary);

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

  @Override
  public void handshaken(HubProtocol protocol, int version) {
    info = info.withProtocol(protocol.name());
  }

  @Override
  public boolean send(PreparedMessage message) {
    HubProtocol protocol = intake.protocol();
    if (protocol == null || closing.get()) return false;
    byte[] bytes = message.bytes(protocol);
    if (!deliver(message, bytes, protocol.isBinary())) return false;
    endpoint.metrics().messageSent(bytes.length);
    return true;
  }

  /** Queues an encoded hub message; false when the connection closed instead. */
  boolean deliver(PreparedMessage message, byte[] bytes, boolean binary) {
    emit(bytes, binary);
    return true;
  }

  /** Raw frame, used for the handshake answer (always JSON text). */
  @Override
  public void sendRaw(byte[] bytes, boolean binary) {
    emit(bytes, binary);
  }

  /** A frame went out: the keep-alive ping is due a keep-alive interval from now. */
  void markSent() {
    lastSentNanos = System.nanoTime();
  }

  /** The client showed a sign of life at {@code nanos}. */
  void markReceived(long nanos) {
    lastReceivedNanos = nanos;
  }

  /** Hands bytes from the client to the intake, which decodes and dispatches them in order. */
  final void accept(DataBuffer payload, boolean binary) {
    byte[] bytes = new byte[payload.readableByteCount()];
    payload.read(bytes);
    accept(bytes, binary);
  }

  /** As {@link #accept(DataBuffer, boolean)}, for bytes the intake may keep. */
  final void accept(byte[] bytes, boolean binary) {
    intake.accept(ByteBuffer.wrap(bytes), binary);
  }

  /** Broken or oversized input is counted and closes the connection with the reason, on every transport. */
  final void protocolError(HubProtocolException e, String logFormat) {
    endpoint.metrics().error(e.kind().tag());
    endpoint.log().debug(logFormat, id(), e.getMessage());
    close(CloseReason.PROTOCOL_ERROR, "Protocol error: " + e.getMessage());
  }

  /** The client said goodbye with a Close message: end the stream without answering in kind. */
  @Override
  public void closedByClient() {
    if (!closing.compareAndSet(false, true)) return;
    endWith(null, false);
  }

  @Override
  public void close(CloseReason reason, String error) {
    if (markClosing(reason, error)) endWithClose(reason, error);
  }

  /** Starts closing for {@code reason}; false when the connection was already closing. */
  final boolean markClosing(CloseReason reason, String error) {
    if (!closing.compareAndSet(false, true)) return false;
    closeReason = reason;
    closeError = error;
    return true;
  }

  /** Ends the stream with a Close message carrying {@code error}, or before the handshake its error answer. */
  final void endWithClose(CloseReason reason, String error) {
    HubProtocol protocol = intake.protocol();
    if (protocol != null) {
      endWith(protocol.encode(new CloseMessage(error, allowReconnect(reason))), protocol.isBinary());
    } else {
      endWith(error == null ? null : Handshake.errorResponse(error), false);
    }
  }

  /** Whether the Close message for {@code reason} tells the client to reconnect. */
  boolean allowReconnect(CloseReason reason) {
    return reason.allowReconnect();
  }

  CloseReason closeReason() {
    return closeReason;
  }

  @Override
  public boolean isClosing() {
    return closing.get();
  }

  /** The connection is gone: the hub forgets it and counts it closed with its reason. */
  final void ended() {
    endpoint.closed(this, token, closeReason, closeError);
  }

  /** The sweep's common part: handshake deadline, then client timeout or keep-alive ping. */
  final void sweepTimers(long now, TransportSettings settings) {
    if (intake.protocol() == null) {
      if (now - openedNanos > settings.handshakeTimeout().toNanos()) {
        close(CloseReason.CLIENT_TIMEOUT, "Handshake was canceled: no handshake received within "
            + settings.handshakeTimeout().toSeconds() + " s");
      }
      return;
    }
    if (clientSilent(now, settings)) {
      clientTimedOut(now, settings);
    } else if (now - lastSentNanos > settings.keepAliveInterval().toNanos()) {
      send(TransportSettings.PING);
    }
  }

  /** True when the client has shown no sign of life for the client timeout. */
  boolean clientSilent(long now, TransportSettings settings) {
    return now - lastReceivedNanos > settings.clientTimeout().toNanos();
  }

  /** The client has been silent for the client timeout. */
  void clientTimedOut(long now, TransportSettings settings) {
    close(CloseReason.CLIENT_TIMEOUT, "Server timeout elapsed without receiving a message from the client.");
  }
}
