package io.hubscope.hub.transport;

import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.protocol.HubProtocolException;
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
abstract class HttpConnection extends AbstractTransportConnection {

  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean posting = new AtomicBoolean();

  HttpConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info) {
    super(endpoint, token, slotIp, info);
  }

  /** The transport is done: the hub forgets the client, and its token answers late requests as ended. */
  final void finish() {
    if (!finished.compareAndSet(false, true)) return;
    closing.set(true);
    ended();
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
            received(buffer);
          } finally {
            DataBufferUtils.release(buffer);
          }
        }).then();
    // The send is over once its body is read: a client may send its next POST the moment it sees
    // this one's 200, so the flag must be down before the answer goes out, not after it is written
    // (that left a window in which the official clients' next send was refused with 409). Not
    // doFinally: it runs only after the completion has gone downstream, and the 200 below may be
    // written within that very signal; doOnTerminate runs before it.
    return read
        .doOnTerminate(() -> posting.set(false))
        .doOnCancel(() -> posting.set(false))
        .then(Mono.defer(() -> {
          exchange.getResponse().setStatusCode(HttpStatus.OK);
          return exchange.getResponse().setComplete();
        }))
        .onErrorResume(HubProtocolException.class, e -> {
          protocolError(e, "[{}] protocol error in a send: {}");
          HttpStatus status = e.kind() == HubProtocolException.Kind.OVERSIZED
              ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
          return HubWebFilter.answer(exchange, status, NegotiateAnswers.error("Protocol error: " + e.getMessage()));
        });
  }

  private void received(DataBuffer buffer) {
    markReceived(System.nanoTime());
    if (closing.get()) return;
    accept(buffer, false);
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
    } else {
      sweepTimers(now, settings);
    }
  }

  /** A sweep of a connection that is closing but whose transport is not done yet. */
  void sweepClosed(long now, TransportSettings settings) {}
}
