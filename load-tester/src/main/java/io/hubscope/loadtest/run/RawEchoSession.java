package io.hubscope.loadtest.run;

import io.hubscope.loadtest.metrics.RunStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * The baseline client: the echo loop of the echo profile (send, wait for the echo, wait the
 * interval, send again) over a bare WebSocket to a raw echo server, with a payload the size of a
 * hub ping. Measures round trips per second and round-trip time without any hub in the way.
 */
final class RawEchoSession implements Session {

  private final HttpClient http;
  private final String url;
  private final long intervalNanos;
  private final RunStats stats;
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private volatile Channel channel;
  private volatile Disposable socket;
  private volatile boolean closing;
  private volatile boolean stopped;
  private long sequence; // event loop only
  private long sentNanos;
  private double latencySum;
  private long latencies;

  RawEchoSession(HttpClient http, String url, int intervalMillis, RunStats stats) {
    this.http = http;
    this.url = url;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.stats = stats;
  }

  @Override
  public void start() {
    socket = http.websocket().uri(java.net.URI.create(url)).handle((in, out) -> {
          in.withConnection(c -> channel = c.channel());
          stats.connected();
          channel.eventLoop().schedule(this::send, intervalNanos, TimeUnit.NANOSECONDS);
          return in.receiveFrames().doOnNext(this::onFrame).then();
        })
        .subscribe(null, error -> {
          if (channel == null && !closing) stats.connectFailed(ConnectFailure.line(url, error));
          else if (!closing) stats.dropped("Connection failed: " + ConnectFailure.reason(error));
          onClosed();
        }, () -> {
          if (channel != null && !closing) stats.dropped("The raw echo server closed the connection");
          onClosed();
        });
  }

  private void onClosed() {
    if (channel != null) stats.disconnected();
    closed.tryEmitEmpty();
  }

  private void send() {
    Channel c = channel;
    if (stopped || closing || c == null || !c.isActive()) return;
    sequence++;
    // The same fields and about the same size as a hub ping.
    String ping = "{\"ConnectionId\":\"raw\",\"Time\":" + System.currentTimeMillis() + ",\"Sequence\":" + sequence
        + ",\"PrevLatency\":0,\"AvgLatency\":0}";
    sentNanos = System.nanoTime();
    c.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(ping.getBytes(StandardCharsets.UTF_8))));
  }

  private void onFrame(WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame)) return;
    long rtt = System.nanoTime() - sentNanos;
    ByteBuf content = frame.content();
    if (!content.toString(StandardCharsets.UTF_8).contains("\"Sequence\":" + sequence + ",")) {
      stats.error("The raw echo server answered out of order");
      return;
    }
    stats.received();
    stats.latency().recordMicros(rtt / 1000);
    latencySum += rtt / 1e6;
    latencies++;
    channel.eventLoop().schedule(this::send, intervalNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void stopSending() {
    stopped = true;
  }

  @Override
  public Mono<Void> close() {
    closing = true;
    Channel c = channel;
    if (c == null) {
      Disposable s = socket;
      if (s != null) s.dispose();
      return Mono.empty();
    }
    c.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(f -> c.close());
    return closed.asMono();
  }

  @Override
  public void finish() {
    if (latencies > 0) stats.clientLatency().add(latencySum / latencies);
  }
}
