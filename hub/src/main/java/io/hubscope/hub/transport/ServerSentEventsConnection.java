package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A Server-Sent Events client (TransportProtocols.md): one long {@code text/event-stream} response
 * carries every frame as an unnamed event's {@code data:} lines; the client sends with POSTs. Text
 * only, so a MessagePack handshake is refused. When the stream ends, either way, so does the
 * connection. A client that does not read past {@code maxBufferedBytes} is cut off.
 */
final class ServerSentEventsConnection extends HttpConnection {

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CRLF = {'\r', '\n'};
  /** A comment line first, so the response starts (and EventSource opens) before any frame. */
  private static final byte[] OPENING = {':', '\r', '\n'};

  private final Sinks.Many<byte[]> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private volatile ServerHttpResponse response;

  ServerSentEventsConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info) {
    super(endpoint, token, slotIp, info);
  }

  @Override
  public boolean supportsBinary() {
    return false;
  }

  Mono<Void> run(ServerWebExchange exchange) {
    ServerHttpResponse response = exchange.getResponse();
    this.response = response;
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.TEXT_EVENT_STREAM);
    headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
    headers.set(HttpHeaders.PRAGMA, "no-cache");
    headers.set(HttpHeaders.CONTENT_ENCODING, "identity");
    // Reverse proxies such as nginx buffer responses unless told not to.
    headers.set("X-Accel-Buffering", "no");
    Flux<byte[]> events = outbound.asFlux().map(frame -> {
      bufferedBytes.addAndGet(-frame.length);
      return event(frame);
    });
    return response.writeWith(Flux.concat(Mono.just(OPENING), events).map(response.bufferFactory()::wrap))
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> finish());
  }

  @Override
  void emit(byte[] bytes, boolean binary) {
    long buffered = bufferedBytes.addAndGet(bytes.length);
    synchronized (outbound) {
      outbound.tryEmitNext(bytes);
    }
    markSent();
    if (buffered > endpoint.settings().maxBufferedBytes()) {
      endpoint.log().warn("[{}] closing slow event-stream client: {} bytes buffered", id(), buffered);
      close(CloseReason.SLOW_CONSUMER, "Server closed the connection: the client did not read fast enough");
      cutOff();
    }
  }

  @Override
  void endWith(byte[] last, boolean binary) {
    synchronized (outbound) {
      if (last != null) outbound.tryEmitNext(last);
      outbound.tryEmitComplete();
    }
  }

  /** A client that does not read would never let the stream finish: drop its TCP connection. */
  private void cutOff() {
    ServerHttpResponse r = response;
    if (r != null && ServerHttpResponseDecorator.getNativeResponse(r) instanceof HttpServerResponse netty) {
      netty.withConnection(Connection::dispose);
    }
    finish();
  }

  /**
   * One frame as an event: a {@code data:} line per line of the frame (a trailing CR dropped, as
   * the event stream format would drop it), then a blank line. JSON frames have no line breaks.
   */
  static byte[] event(byte[] frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length + 10);
    int start = 0;
    for (int i = 0; i <= frame.length; i++) {
      if (i < frame.length && frame[i] != '\n') continue;
      int end = i > start && i < frame.length && frame[i - 1] == '\r' ? i - 1 : i;
      out.writeBytes(DATA);
      out.write(frame, start, end - start);
      out.writeBytes(CRLF);
      start = i + 1;
    }
    out.writeBytes(CRLF);
    return out.toByteArray();
  }
}
