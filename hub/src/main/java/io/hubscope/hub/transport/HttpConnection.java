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
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A client whose frames travel over plain HTTP requests (TransportProtocols.md): it sends with
 * {@code POST {path}?id=token}, one at a time, and receives over an event stream or long polls
 * (the subclasses). Inbound bytes go through the same {@link MessageIntake} as a WebSocket's;
 * {@link #finish()} runs once, when the transport is done, and the hub then forgets the client.
 */
abstract class HttpConnection implements TransportConnection {

  final HubEndpoint endpoint;
  private final String token;
  private final String slotIp;
  private final Map<String, Object> items = new ConcurrentHashMap<>();
  private final MessageIntake intake;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean posting = new AtomicBoolean();
  final long openedNanos = System.nanoTime();
  private volatile ConnectionInfo info;
  private volatile long lastReceivedNanos = openedNanos;
  private volatile long lastSentNanos = openedNanos;
  private volatile CloseReason closeReason = CloseReason.NORMAL;
  private volatile String closeError;

  HttpConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info) {
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

  CloseReason closeReason() {
    return closeReason;
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

  @Override
  public void sendRaw(byte[] bytes, boolean binary) {
    emit(bytes, binary);
  }

  void markSent() {
    lastSentNanos = System.nanoTime();
  }

  @Override
  public void closedByClient() {
    if (!closing.compareAndSet(false, true)) return;
    endWith(null, false);
  }

  @Override
  public void close(CloseReason reason, String error) {
    if (!closing.compareAndSet(false, true)) return;
    closeReason = reason;
    closeError = error;
    HubProtocol protocol = intake.protocol();
    if (protocol != null) {
      endWith(protocol.encode(new CloseMessage(error, false)), protocol.isBinary());
    } else {
      endWith(error == null ? null : Handshake.errorResponse(error), false);
    }
  }

  @Override
  public boolean isClosing() {
    return closing.get();
  }

  /** The transport is done: the hub forgets the client, and its token answers late requests as ended. */
  final void finish() {
    if (!finished.compareAndSet(false, true)) return;
    closing.set(true);
    endpoint.closed(this, token, closeReason, closeError);
    endpoint.httpConnections().finished(token, this, System.nanoTime());
  }

  /**
   * {@code POST {path}?id=token}: the body is one or more frames, read as they arrive and dispatched
   * in order. One send at a time (409 otherwise, the connection stays open); a body past
   * {@link #maxPostBytes} answers 413, broken frames 400, and either closes the connection with the
   * reason, as the same input does on a WebSocket.
   */
  Mono<Void> receive(ServerWebExchange exchange) {
    if (!posting.compareAndSet(false, true)) {
      endpoint.metrics().error(HttpTransportHandler.BAD_REQUEST);
      return HubWebFilter.answer(exchange, HttpStatus.CONFLICT,
          NegotiateAnswers.error("Another send is in progress on this connection; send one request at a time"));
    }
    long max = maxPostBytes(endpoint.settings());
    long declared = exchange.getRequest().getHeaders().getContentLength();
    long[] total = {0};
    Mono<Void> read = declared > max
        ? Mono.error(tooLarge(declared, max))
        : exchange.getRequest().getBody().doOnNext(buffer -> {
          try {
            total[0] += buffer.readableByteCount();
            if (total[0] > max) throw tooLarge(total[0], max);
            accept(buffer);
          } finally {
            DataBufferUtils.release(buffer);
          }
        }).then();
    return read
        .then(Mono.defer(() -> {
          exchange.getResponse().setStatusCode(HttpStatus.OK);
          return exchange.getResponse().setComplete();
        }))
        .onErrorResume(HubProtocolException.class, e -> {
          endpoint.metrics().error(e.kind().tag());
          endpoint.log().debug("[{}] protocol error in a send: {}", id(), e.getMessage());
          close(CloseReason.PROTOCOL_ERROR, "Protocol error: " + e.getMessage());
          HttpStatus status = e.kind() == HubProtocolException.Kind.OVERSIZED
              ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
          return HubWebFilter.answer(exchange, status, NegotiateAnswers.error("Protocol error: " + e.getMessage()));
        })
        .doFinally(signal -> posting.set(false));
  }

  private void accept(DataBuffer buffer) {
    lastReceivedNanos = System.nanoTime();
    if (closing.get()) return;
    byte[] bytes = new byte[buffer.readableByteCount()];
    buffer.read(bytes);
    intake.accept(ByteBuffer.wrap(bytes), false);
  }

  private static HubProtocolException tooLarge(long size, long max) {
    return new HubProtocolException(HubProtocolException.Kind.OVERSIZED,
        "a send of " + size + " bytes exceeds the limit of " + max + " bytes");
  }

  /**
   * The largest POST body: the clients batch the messages queued while a send is in flight into one
   * request, so a few messages' worth; any single message still has to fit {@code maxMessageSize}.
   */
  static long maxPostBytes(TransportSettings settings) {
    return 4L * settings.maxMessageSize();
  }

  @Override
  public void sweep(long now, TransportSettings settings) {
    if (closing.get()) {
      sweepClosed(now, settings);
      return;
    }
    if (intake.protocol() == null) {
      if (now - openedNanos > settings.handshakeTimeout().toNanos()) {
        close(CloseReason.CLIENT_TIMEOUT, "Handshake was canceled: no handshake received within "
            + settings.handshakeTimeout().toSeconds() + " s");
      }
      return;
    }
    if (clientSilent(now, settings)) {
      close(CloseReason.CLIENT_TIMEOUT, "Server timeout elapsed without receiving a message from the client.");
      clientGone();
    } else if (now - lastSentNanos > settings.keepAliveInterval().toNanos()) {
      send(TransportSettings.PING);
    }
  }

  /** True when the client has shown no sign of life for the client timeout. */
  boolean clientSilent(long now, TransportSettings settings) {
    return now - lastReceivedNanos > settings.clientTimeout().toNanos();
  }

  /** The client timed out: nobody will collect a final frame. */
  void clientGone() {}

  /** A sweep of a connection that is closing but whose transport is not done yet. */
  void sweepClosed(long now, TransportSettings settings) {}
}
