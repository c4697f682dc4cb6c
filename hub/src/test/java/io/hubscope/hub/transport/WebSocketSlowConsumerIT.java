package io.hubscope.hub.transport;

import static io.hubscope.hub.transport.HttpTransportLimitsIT.SMALL_BUFFERS;
import static io.hubscope.hub.transport.HttpTransportsIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.PlainWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
      PlainWebSocket.open(stalled, server.port());
      PlainWebSocket.open(reader, server.port());
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

  /** Reads frames' bytes as text until {@code marker} was seen (frame headers included, which is fine here). */
  private static String readText(InputStream in, String marker) throws IOException {
    return PlainWebSocket.readUntil(in, marker) + PlainWebSocket.readUntil(in, "}");
  }
}
