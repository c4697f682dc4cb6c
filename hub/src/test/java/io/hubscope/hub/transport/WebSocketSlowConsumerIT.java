package io.hubscope.hub.transport;

import static io.hubscope.hub.transport.HttpTransportLimitsIT.SMALL_BUFFERS;
import static io.hubscope.hub.transport.HttpTransportsIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.testing.HubTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading: the frames the hub cannot hand to the socket stay queued
 * in its outlet, and past {@code maxBufferedBytes} the hub closes the connection as a slow consumer
 * (counted), without waiting for the client and without touching other clients.
 */
class WebSocketSlowConsumerIT {

  private final HttpTransportLimitsIT limits = new HttpTransportLimitsIT();

  @AfterEach
  void stop() {
    limits.stop();
  }

  @Test
  void aClientThatDoesNotRead_isCutOff_andOthersCarryOn() throws IOException {
    limits.start(SMALL_BUFFERS, HubLimits.defaults());
    var server = limits.server;
    try (Socket stalled = new Socket(); Socket reader = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
      open(stalled, server.port());
      reader.connect(new InetSocketAddress("127.0.0.1", server.port()));
      open(reader, server.port());
      await(() -> server.hub().connections().size() == 2, "both handshakes done");
      String stalledId = idOfConnectionFrom(stalled.getLocalPort(), server);
      // Kernel buffers take the first few hundred KB; the outlet's queue then passes its 16 KB bound.
      for (int i = 0; i < 100 && server.hub().connections().get(stalledId) != null; i++) {
        limits.pushKilobytes(stalledId, 100);
      }
      await(() -> limits.metrics.closes(CloseReason.SLOW_CONSUMER) == 1, "slow consumer closed");
      assertThat(server.hub().connections().get(stalledId)).isNull();
      assertThat(server.hub().connections().size()).isEqualTo(1);
      String readerId = server.hub().connections().all().iterator().next().id();
      limits.pushKilobytes(readerId, 1);
      assertThat(readText(reader.getInputStream(), "Pushed")).contains("xxxx");
      assertThat(limits.metrics.closes(CloseReason.SLOW_CONSUMER)).isEqualTo(1);
    }
  }

  private static String idOfConnectionFrom(int clientPort, HubTestServer server) {
    return server.hub().connections().all().stream().filter(c -> c.info().remotePort() == clientPort).findFirst()
        .orElseThrow().id();
  }

  /** The WebSocket upgrade, then the SignalR handshake in a masked text frame. */
  private static void open(Socket socket, int port) throws IOException {
    String key = Base64.getEncoder().encodeToString("hubscope-test-key".getBytes(StandardCharsets.US_ASCII)).substring(0, 22) + "==";
    OutputStream out = socket.getOutputStream();
    out.write(("GET /dotnetify HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readUntil(socket.getInputStream(), "\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 101");
    writeTextFrame(out, "{\"protocol\":\"json\",\"version\":1}\u001e");
  }

  private static void writeTextFrame(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    out.write(0x81);
    out.write(0x80 | payload.length); // short test payloads: under 126 bytes
    out.write(mask);
    for (int i = 0; i < payload.length; i++) out.write(payload[i] ^ mask[i % 4]);
    out.flush();
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder text = new StringBuilder();
    while (text.indexOf(end) < 0) {
      int b = in.read();
      if (b < 0) throw new IOException("closed after " + text);
      text.append((char) b);
    }
    return text.toString();
  }

  /** Reads frames' bytes as text until {@code marker} was seen (frame headers included, which is fine here). */
  private static String readText(InputStream in, String marker) throws IOException {
    return readUntil(in, marker) + readUntil(in, "}");
  }
}
