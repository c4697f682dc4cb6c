package io.hubscope.hub.testing;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * A bare WebSocket for protocol tests: sends exactly the frames a test writes (including broken
 * ones) and records every frame the server sends, so a test sees the wire as it is.
 */
public final class RawSocket implements AutoCloseable {

  /** A received frame: its bytes and whether it was binary. */
  public record Frame(byte[] bytes, boolean binary) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final Sinks.Many<WebSocketFrame> out = Sinks.many().unicast().onBackpressureBuffer();
  /** Filled on the client's event loop: an inbox, since a blocking queue could park it. */
  private final Inbox<Frame> received = new Inbox<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile int status = -1;

  private RawSocket() {}

  /** Connects to {@code wsUrl} (with its query) or fails with the HTTP status in the message. */
  public static RawSocket connect(String wsUrl) {
    RawSocket socket = new RawSocket();
    CountDownLatch open = new CountDownLatch(1);
    HttpClient.create()
        .doOnResponse((res, conn) -> socket.status = res.status().code())
        .doOnResponseError((req, e) -> open.countDown())
        .websocket()
        .uri(wsUrl)
        .handle((in, outbound) -> {
          open.countDown();
          in.receiveFrames().doOnNext(frame -> {
            byte[] bytes = new byte[frame.content().readableBytes()];
            frame.content().readBytes(bytes);
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
              socket.received.add(new Frame(bytes, frame instanceof BinaryWebSocketFrame));
            }
          }).doFinally(s -> socket.closed.countDown()).subscribe(f -> {}, e -> {}); // a reset is a close here
          return outbound.sendObject(socket.out.asFlux()).neverComplete();
        })
        .doFinally(s -> {
          open.countDown();
          socket.closed.countDown();
        })
        .subscribe(x -> {}, e -> {
          if (e instanceof WebSocketClientHandshakeException h) socket.status = h.response().status().code();
          open.countDown();
        });
    try {
      open.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return socket;
  }

  /** The HTTP status of the upgrade answer (101 when it succeeded). */
  public int status() {
    return status;
  }

  public RawSocket sendText(String text) {
    synchronized (out) {
      out.tryEmitNext(new TextWebSocketFrame(text));
    }
    return this;
  }

  public RawSocket sendBinary(byte[] bytes) {
    synchronized (out) {
      out.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }
    return this;
  }

  /** Sends a JSON handshake and waits for the server's answer. */
  public Frame handshake(String protocol) {
    sendText("{\"protocol\":\"" + protocol + "\",\"version\":1}\u001e");
    return next(Duration.ofSeconds(5));
  }

  /** The next frame, or null when none came within {@code timeout}. */
  public Frame next(Duration timeout) {
    return received.next(timeout);
  }

  /** The next frame that is not a ping, or null. */
  public Frame nextNonPing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (f == null) return null;
      if (!f.text().startsWith("{\"type\":6")) return f;
    }
    return null;
  }

  /** True when the server closed the socket within {@code timeout}. */
  public boolean awaitClosed(Duration timeout) {
    try {
      return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    synchronized (out) {
      out.tryEmitComplete();
    }
  }
}
