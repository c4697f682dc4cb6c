package io.hubscope.hub.transport;

import static io.hubscope.hub.transport.HttpTransportsIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.PlainWebSocket;
import io.hubscope.hub.testing.PlainWebSocket.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's side of the WebSocket closing handshake (RFC 6455, 7.1). When the server closes, its
 * Close frame goes last and the socket stays open for the client's Close frame: the official Java
 * client sends a Close message and then its Close frame, and a socket closed in between was reset
 * under that frame, which the client reported as an error from {@code stop()}.
 */
class WebSocketClosingHandshakeIT {

  private final HubTestServer server = new HubTestServer(HubServer.builder().build());

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void afterItsCloseFrame_theServerWaitsForTheClients_thenEndsTheSocket() throws Exception {
    try (Socket socket = new Socket()) {
      PlainWebSocket.open(socket, server.port());
      InputStream in = socket.getInputStream();
      assertThat(PlainWebSocket.readFrame(in).text()).isEqualTo("{}\u001e");
      await(() -> server.hub().connections().size() == 1, "handshake done");

      // The client's Close message (as the official Java client's stop() sends before its Close frame).
      PlainWebSocket.writeText(socket.getOutputStream(), "{\"type\":7}\u001e");
      Frame closeFrame = PlainWebSocket.readFrame(in);
      assertThat(closeFrame.opcode()).isEqualTo(PlainWebSocket.CLOSE);
      assertThat(closeFrame.closeStatus()).isEqualTo(1000);
      // The hub connection is over at once; only the socket waits for the client.
      await(() -> server.hub().connections().size() == 0, "connection closed");

      socket.setSoTimeout(300);
      assertThat(readsNothing(in)).as("the socket stays open for the client's Close frame").isTrue();

      PlainWebSocket.writeClose(socket.getOutputStream(), 1000);
      socket.setSoTimeout((int) (SocketOutlet.CLOSE_TIMEOUT.toMillis() / 2));
      assertThat(in.read()).as("the server ends the socket when the client's Close frame comes, nothing after its own")
          .isEqualTo(-1);
    }
  }

  /** True when no byte and no end of stream came within the socket's timeout. */
  private static boolean readsNothing(InputStream in) throws IOException {
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException expected) {
      return true;
    }
  }
}
