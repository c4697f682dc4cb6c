package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A server whose negotiate answer is huge cannot make the client buffer it. */
class NegotiateAnswerLimitTests {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final int CHUNK = 8 * 1024;
  static final int HUGE_CHUNKS = 64 * 1024; // 512 MB if it were all sent

  final AtomicLong chunksSent = new AtomicLong();
  DisposableServer server;

  /** A valid negotiate answer padded to about {@code size} bytes. */
  static String padded(int size) {
    String head = "{\"connectionId\":\"c\",\"connectionToken\":\"t\",\"negotiateVersion\":1,"
        + "\"availableTransports\":[{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\"]}],\"pad\":\"";
    return head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}";
  }

  @BeforeEach
  void start() {
    byte[] chunk = new byte[CHUNK];
    java.util.Arrays.fill(chunk, (byte) ' ');
    server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes
            // Chunked, no Content-Length: the client only learns the size by reading.
            .post("/endless/negotiate", (req, res) -> res.send(Flux.range(0, HUGE_CHUNKS)
                .map(i -> (ByteBuf) Unpooled.wrappedBuffer(chunk))
                .doOnNext(b -> chunksSent.incrementAndGet())))
            .post("/declared/negotiate", (req, res) -> res.sendString(reactor.core.publisher.Mono.just(padded(100_000))))
            .post("/small/negotiate", (req, res) -> res.sendString(reactor.core.publisher.Mono.just(padded(1_000)))))
        .bindNow();
  }

  @AfterEach
  void stop() {
    server.disposeNow();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Test
  void negotiate_answerLargerThan64KB_failsTheConnectClearly_withoutReadingItAll() {
    assertThatThrownBy(() -> HubClient.builder(url("/endless")).build().connect().block(WAIT))
        .isInstanceOf(HubConnectException.class)
        .hasMessageContaining("larger than the limit of 65536 bytes");
    assertThat(chunksSent.get()).as("the client stops reading long before the end").isLessThan(HUGE_CHUNKS / 2);
  }

  @Test
  void negotiate_answerWithALargeContentLength_failsBeforeReading() {
    assertThatThrownBy(() -> HubClient.builder(url("/declared")).build().connect().block(WAIT))
        .isInstanceOf(HubConnectException.class)
        .hasMessageContaining("(100000 bytes) is larger than the limit of 65536 bytes");
  }

  @Test
  void negotiate_limitIsConfigurable() {
    // With room for it, the same answer is read and the client goes on to the (missing) WebSocket.
    assertThatThrownBy(() -> HubClient.builder(url("/declared")).maxNegotiateResponseSize(200_000).build()
        .connect().block(WAIT))
        .isInstanceOf(HubConnectException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("limit of"));
    assertThatThrownBy(() -> HubClient.builder(url("/small")).maxNegotiateResponseSize(500).build().connect().block(WAIT))
        .isInstanceOf(HubConnectException.class).hasMessageContaining("limit of 500 bytes");
    assertThatThrownBy(() -> HubClient.builder(url("/small")).maxNegotiateResponseSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxNegotiateResponseSize < 1: 0");
  }
}
