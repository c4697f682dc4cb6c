package io.hubscope.app.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The official npm {@code @microsoft/signalr} client, run by Node against the app server, with
 * the transport it picks and with each transport forced.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(NodeClientCheck.Recording.class)
class NodeSignalRClientIT {

  @LocalServerPort int port;
  @Autowired HubServer hub;
  @Autowired NodeClientCheck.TransportRecorder transports;

  String url() {
    return "http://127.0.0.1:" + port + "/dotnetify";
  }

  /**
   * {@code signalr-latest} is an npm alias of the newest release (5.0.x, which dotNetify 5.4 runs on,
   * is proven in the browser by DemoPageIT; it does not load in Node 20).
   */
  @Test
  void npmClient_requestsUpdatesReceivesPushesAndDisposes() throws Exception {
    JsonNode seen = NodeClientCheck.run(url(), null, "json");
    assertThat(seen.get("transport").asString()).isEqualTo("WebSocketTransport");
    NodeClientCheck.assertSawEverything(seen);
    assertClosedCleanly();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"WebSockets,json", "ServerSentEvents,json", "LongPolling,json", "LongPolling,messagepack",
      "WebSockets,messagepack"})
  void npmClient_withEachTransportForced_worksAndCloses(String transport, String protocol) throws Exception {
    JsonNode seen = NodeClientCheck.run(url(), transport, protocol);
    NodeClientCheck.assertSawEverything(seen);
    assertThat(transports.transportOf(seen.get("connectionId").asString())).isEqualTo(transport);
    assertClosedCleanly();
  }

  void assertClosedCleanly() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (hub.connections().size() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(hub.connections().size()).isZero();
    assertThat(((ViewModels) hub.viewModels()).runtime().directory().connectionCount()).isZero();
    assertThat(hub.endpoint().socketCount()).isZero();
  }
}
