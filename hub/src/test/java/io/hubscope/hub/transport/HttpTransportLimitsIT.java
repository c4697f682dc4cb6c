package io.hubscope.hub.transport;

import static io.hubscope.hub.testing.HttpTransportClient.WAIT;
import static io.hubscope.hub.transport.HttpTransportsIT.HANDSHAKE;
import static io.hubscope.hub.transport.HttpTransportsIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.testing.HttpTransportClient;
import io.hubscope.hub.testing.HubTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The bounds of Server-Sent Events and Long Polling clients: buffers, sends, the node limit. */
class HttpTransportLimitsIT {

  /** 1 KB messages, 16 KB of frames waiting for one client at most. */
  static final TransportSettings SMALL_BUFFERS = new TransportSettings(1024, 16 * 1024, Duration.ofSeconds(15),
      Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(30));

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  HubTestServer server;

  HubTestServer start(TransportSettings settings, HubLimits limits) {
    server = new HubTestServer(HubServer.builder().settings(settings).limits(limits).metrics(metrics)
        .viewModels(HubTransportIT.echoViewModels()).build());
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  String onlyConnectionId() {
    return server.hub().connections().all().iterator().next().id();
  }

  void pushKilobytes(String connectionId, int n) {
    String data = "{\"Pad\":\"" + "x".repeat(1000) + "\"}";
    for (int i = 0; i < n; i++) server.hub().responder().respond(connectionId, "Pushed", data);
  }

  @Test
  void longPolling_aClientThatDoesNotPollPastTheBuffer_isClosedAndGetsOnlyTheReason() {
    start(SMALL_BUFFERS, HubLimits.defaults());
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    client.poll();
    client.post(HANDSHAKE);
    client.poll();
    pushKilobytes(onlyConnectionId(), 40);

    List<JsonNode> last = HttpTransportsIT.records(client.poll().body());
    assertThat(last).hasSize(1);
    assertThat(last.get(0).get("type").asInt()).isEqualTo(7);
    assertThat(last.get(0).get("error").asString()).contains("did not poll fast enough");
    assertThat(client.poll().statusCode()).isEqualTo(204);
    await(() -> metrics.closes(CloseReason.SLOW_CONSUMER) == 1, "slow consumer counted");
    assertThat(server.hub().connections().size()).isZero();
  }

  @Test
  void serverSentEvents_aClientThatDoesNotRead_isCutOff() throws IOException {
    start(SMALL_BUFFERS, HubLimits.defaults());
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      write(stalled, "GET /dotnetify?id=" + client.token() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Accept: text/event-stream\r\n\r\n");
      await(() -> server.hub().endpoint().socketCount() == 1, "event stream open");
      assertThat(client.post(HANDSHAKE).statusCode()).isEqualTo(200);
      await(() -> server.hub().connections().size() == 1, "handshake done");
      String id = onlyConnectionId();
      // Kernel buffers take the first few hundred KB; the hub's own buffer then passes its bound.
      for (int i = 0; i < 100 && server.hub().connections().size() == 1; i++) pushKilobytes(id, 100);
      await(() -> metrics.closes(CloseReason.SLOW_CONSUMER) == 1, "slow consumer closed");
      assertThat(server.hub().connections().size()).isZero();
      assertThat(server.hub().endpoint().socketCount()).isZero();
    }
  }

  @Test
  void aSecondSendWhileOneIsInFlight_is409_andTheConnectionCarriesOn() throws IOException {
    start(TransportSettings.defaults(), HubLimits.defaults());
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    client.poll();
    client.post(HANDSHAKE);
    client.poll();
    try (Socket slow = new Socket("127.0.0.1", server.port())) {
      String request = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Request_VM\",\"arguments\":[\"Hello\",{}]}\u001e";
      long received = metrics.messagesIn();
      write(slow, "POST /dotnetify?id=" + client.token() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
          + request.length() + "\r\n\r\n" + request.substring(0, 10));
      await(() -> metrics.messagesIn() > received, "the first send's first bytes read");
      HttpResponse<String> second = client.post("{\"type\":6}\u001e");
      assertThat(second.statusCode()).isEqualTo(409);
      assertThat(second.body()).contains("one request at a time");
      write(slow, request.substring(10));
      List<JsonNode> answer = HttpTransportsIT.pollFor(client, 2);
      assertThat(answer.get(0).get("target").asString()).isEqualTo("Response_VM");
      assertThat(answer.get(1).get("type").asInt()).isEqualTo(3);
    }
  }

  @Test
  void longPollingClients_countAgainstTheNodeLimit() {
    start(TransportSettings.defaults(), new HubLimits(1, 1000, false, 100, 100, 100));
    HttpTransportClient first = HttpTransportClient.negotiate(server.url());
    HttpTransportClient second = HttpTransportClient.negotiate(server.url());
    assertThat(first.poll().statusCode()).isEqualTo(200);
    HttpResponse<String> refused = second.get(null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("connection limit");
    assertThat(HttpTransportClient.negotiateAnswer(server.url(), "1").get("error").asString())
        .contains("connection limit");
    assertThat(first.delete().statusCode()).isEqualTo(202);
    assertThat(server.hub().endpoint().socketCount()).isZero();
  }

  static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
