package io.hubscope.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Every server here (hub, proxy, observer) is Reactor Netty. Up to 1.3.7 a keep-alive connection
 * stopped reading for good when a request that had waited behind an unfinished one (its response
 * completed from another thread: a timer, a password hash on a worker) was then answered at once:
 * the next request sat unread until the client gave up. The dashboard hit it after a login (a
 * stylesheet pending 60 s in Chromium, ActionsDashboardIT under load). 1.3.8 resumes the read
 * (reactor-netty #4347); this pins the behaviour we rely on, with the request order made
 * deterministic by sending the first two in one write.
 */
class KeepAliveReadResumesIT {

  DisposableServer server;

  @AfterEach
  void stop() {
    if (server != null) server.disposeNow();
  }

  @Test
  void aRequestAfterAQueuedOneAnsweredAtOnce_isAnswered() throws IOException {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> response.sendString(request.uri().equals("/slow")
            // Completes on Reactor's timer thread, after the second request is already queued.
            ? Mono.delay(Duration.ofMillis(100)).thenReturn("slow")
            : Mono.just("fast")))
        .bindNow(Duration.ofSeconds(10));

    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write((get("/slow") + get("/fast")).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readResponses(in, 2)).contains("slow").contains("fast");

      out.write(get("/after").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readResponses(in, 1)).as("the request after them is read and answered").contains("fast");
    }
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  /** Reads until {@code count} complete responses (each "Content-Length: 4" or "4" bytes of body) arrived. */
  static String readResponses(InputStream in, int count) throws IOException {
    StringBuilder seen = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (complete(seen.toString()) < count) {
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer within 5 s; had " + complete(seen.toString()) + " of " + count
            + " responses: " + seen, e);
      }
      if (n < 0) throw new AssertionError("connection closed after: " + seen);
      seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
    }
    return seen.toString();
  }

  /** Responses whose headers and body ("slow" / "fast", 4 bytes each) have fully arrived. */
  static int complete(String seen) {
    int responses = 0;
    int from = 0;
    while (true) {
      int headersEnd = seen.indexOf("\r\n\r\n", from);
      if (headersEnd < 0 || seen.length() < headersEnd + 4 + 4) return responses;
      responses++;
      from = headersEnd + 8;
    }
  }
}
