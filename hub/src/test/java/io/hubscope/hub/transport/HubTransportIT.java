package io.hubscope.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.hubscope.hub.protocol.InvocationMessage;

import io.hubscope.hub.connection.PreparedMessage;

import io.hubscope.hub.connection.HubConnection;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModelHandler;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.RawSocket;
import io.hubscope.hub.vm.VMResponder;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HubTransportIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  HubTestServer server;

  /** A view-model stand-in: answers each Request_VM with {"Echo": data}. */
  static Function<VMResponder, ViewModelHandler> echoViewModels() {
    return responder -> new ViewModelHandler() {
      @Override public void request(HubContext ctx) {
        responder.respond(ctx.connectionId(), ctx.vmId(), "{\"Echo\":" + ctx.data() + "}");
      }
      @Override public void update(HubContext ctx) {}
      @Override public void dispose(HubContext ctx) {}
      @Override public void disconnected(String connectionId) {}
    };
  }

  HubTestServer start(TransportSettings settings) {
    server = new HubTestServer(HubServer.builder().settings(settings).metrics(metrics)
        .viewModels(echoViewModels()).build());
    return server;
  }

  HubTestServer start() {
    return start(TransportSettings.defaults());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  static JsonNode negotiate(String url, String version) {
    String body = HttpClient.create().post()
        .uri(url + "/negotiate" + (version == null ? "" : "?negotiateVersion=" + version))
        .responseContent().aggregate().asString().block(WAIT);
    return JSON.readTree(body);
  }

  static int status(String method, String url) {
    return HttpClient.create().request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(url)
        .response().map(r -> r.status().code()).block(WAIT);
  }

  static JsonNode record(RawSocket.Frame frame) {
    String text = frame.text();
    assertThat(text).endsWith("\u001e");
    return JSON.readTree(text.substring(0, text.length() - 1));
  }

  @Test
  void negotiateV1_answersTokenAndWebSocketsTransport() {
    start();
    JsonNode answer = negotiate(server.url(), "1");
    assertThat(answer.get("negotiateVersion").asInt()).isEqualTo(1);
    assertThat(answer.get("connectionToken").asString()).isNotBlank();
    assertThat(answer.get("connectionId").asString()).isNotEqualTo(answer.get("connectionToken").asString());
    assertThat(answer.get("availableTransports").get(0).get("transport").asString()).isEqualTo("WebSockets");
    assertThat(answer.get("availableTransports").get(0).get("transferFormats").toString())
        .isEqualTo("[\"Text\",\"Binary\"]");
  }

  @Test
  void negotiateV0_answersConnectionIdOnly() {
    start();
    JsonNode answer = negotiate(server.url(), null);
    assertThat(answer.has("connectionToken")).isFalse();
    String id = answer.get("connectionId").asString();
    try (RawSocket socket = RawSocket.connect(server.wsUrl() + "?id=" + id)) {
      assertThat(record(socket.handshake("json")).size()).isZero();
    }
  }

  @Test
  void websocket_unknownIdIs404_secondSocketIs409() {
    start();
    try (RawSocket unknown = RawSocket.connect(server.wsUrl() + "?id=nope")) {
      assertThat(unknown.status()).isEqualTo(404);
    }
    String token = negotiate(server.url(), "1").get("connectionToken").asString();
    try (RawSocket first = RawSocket.connect(server.wsUrl() + "?id=" + token);
        RawSocket second = RawSocket.connect(server.wsUrl() + "?id=" + token)) {
      assertThat(first.status()).isEqualTo(101);
      assertThat(second.status()).isEqualTo(409);
    }
  }

  @Test
  void crossOriginNegotiate_answersAllowedOriginsOnly() {
    server = new HubTestServer(HubServer.builder().allowedOrigins(java.util.Set.of("http://app.local:8081")).build());
    var preflight = HttpClient.create()
        .headers(h -> h.set("Origin", "http://app.local:8081").set("Access-Control-Request-Method", "POST")
            .set("Access-Control-Request-Headers", "x-requested-with"))
        .options().uri(server.url() + "/negotiate?negotiateVersion=1")
        .response().block(WAIT);
    assertThat(preflight.status().code()).isEqualTo(204);
    assertThat(preflight.responseHeaders().get("Access-Control-Allow-Origin")).isEqualTo("http://app.local:8081");
    assertThat(preflight.responseHeaders().get("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(preflight.responseHeaders().get("Access-Control-Allow-Headers")).isEqualTo("x-requested-with");

    var foreign = HttpClient.create()
        .headers(h -> h.set("Origin", "http://evil.local").set("Access-Control-Request-Method", "POST"))
        .options().uri(server.url() + "/negotiate").response().block(WAIT);
    assertThat(foreign.status().code()).isEqualTo(403);
    assertThat(foreign.responseHeaders().get("Access-Control-Allow-Origin")).isNull();

    var post = HttpClient.create().headers(h -> h.set("Origin", "http://app.local:8081"))
        .post().uri(server.url() + "/negotiate?negotiateVersion=1").response().block(WAIT);
    assertThat(post.status().code()).isEqualTo(200);
    assertThat(post.responseHeaders().get("Access-Control-Allow-Origin")).isEqualTo("http://app.local:8081");
  }

  @Test
  void plainGetOnHubPath_isRefusedWithMessage() {
    start();
    assertThat(status("GET", server.url())).isEqualTo(400);
    assertThat(status("GET", server.url() + "/negotiate")).isEqualTo(405);
  }

  @Test
  void skipNegotiation_handshakeThenRequestGetsResponseAndCompletion() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      assertThat(socket.status()).isEqualTo(101);
      assertThat(socket.handshake("json").text()).isEqualTo("{}\u001e");
      socket.sendText("{\"type\":1,\"invocationId\":\"7\",\"target\":\"Request_VM\",\"arguments\":[\"Hello\",{\"$vmArg\":{\"A\":1}}]}\u001e");
      JsonNode response = record(socket.nextNonPing(WAIT));
      assertThat(response.get("type").asInt()).isEqualTo(1);
      assertThat(response.get("target").asString()).isEqualTo("Response_VM");
      assertThat(response.get("arguments").size()).isEqualTo(1);
      assertThat(response.get("arguments").get(0).get(0).asString()).isEqualTo("Hello");
      assertThat(JSON.readTree(response.get("arguments").get(0).get(1).asString()).get("Echo").get("$vmArg").get("A").asInt())
          .isEqualTo(1);
      JsonNode completion = record(socket.nextNonPing(WAIT));
      assertThat(completion.get("type").asInt()).isEqualTo(3);
      assertThat(completion.get("invocationId").asString()).isEqualTo("7");
      assertThat(completion.has("error")).isFalse();
    }
  }

  @Test
  void severalRecordsInOneFrame_andOneRecordSplitAcrossFrames_areAllServed() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e{\"type\":1,\"invocationId\":\"1\",\"target\":\"Dispose_VM\",\"arguments\":[\"A\"]}\u001e{\"type\":1,\"invo");
      socket.sendText("cationId\":\"2\",\"target\":\"Dispose_VM\",\"arguments\":[\"B\"]}\u001e");
      assertThat(socket.next(WAIT).text()).isEqualTo("{}\u001e");
      assertThat(record(socket.nextNonPing(WAIT)).get("invocationId").asString()).isEqualTo("1");
      assertThat(record(socket.nextNonPing(WAIT)).get("invocationId").asString()).isEqualTo("2");
    }
  }

  @Test
  void unknownTarget_completesWithErrorAndConnectionStaysUsable() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      socket.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Nope\",\"arguments\":[]}\u001e");
      JsonNode completion = record(socket.nextNonPing(WAIT));
      assertThat(completion.get("error").asString()).contains("Unknown hub method 'Nope'");
      socket.sendText("{\"type\":1,\"invocationId\":\"2\",\"target\":\"Request_VM\",\"arguments\":[42]}\u001e");
      assertThat(record(socket.nextNonPing(WAIT)).get("error").asString()).contains("view-model id");
      assertThat(metrics.errors("unknown_target")).isEqualTo(1);
      assertThat(metrics.errors("bad_arguments")).isEqualTo(1);
    }
  }

  @Test
  void streamInvocation_isAnsweredWithClearError() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      socket.sendText("{\"type\":4,\"invocationId\":\"9\",\"target\":\"Counter\",\"arguments\":[]}\u001e");
      JsonNode completion = record(socket.nextNonPing(WAIT));
      assertThat(completion.get("invocationId").asString()).isEqualTo("9");
      assertThat(completion.get("error").asString()).contains("Streaming is not supported");
    }
  }

  @Test
  void malformedJson_closesWithReason_andOtherConnectionDoesNotNotice() {
    start();
    try (RawSocket bad = RawSocket.connect(server.wsUrl()); RawSocket good = RawSocket.connect(server.wsUrl())) {
      bad.handshake("json");
      good.handshake("json");
      bad.sendText("{\"type\":1,\"target\":\u001e");
      JsonNode close = record(bad.nextNonPing(WAIT));
      assertThat(close.get("type").asInt()).isEqualTo(7);
      assertThat(close.get("error").asString()).startsWith("Protocol error");
      assertThat(bad.awaitClosed(WAIT)).isTrue();
      good.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Dispose_VM\",\"arguments\":[\"X\"]}\u001e");
      assertThat(record(good.nextNonPing(WAIT)).get("type").asInt()).isEqualTo(3);
      assertThat(metrics.errors("malformed")).isEqualTo(1);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (metrics.closes(CloseReason.PROTOCOL_ERROR) < 1 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertThat(metrics.closes(CloseReason.PROTOCOL_ERROR)).isEqualTo(1);
    }
  }

  @Test
  void oversizedMessage_closesWithReason() {
    start(TransportSettings.defaults().withMaxMessageSize(1024));
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      socket.sendText("{\"type\":1,\"target\":\"Update_VM\",\"arguments\":[\"A\",{\"X\":\"" + "x".repeat(2000) + "\"}]}\u001e");
      JsonNode close = record(socket.nextNonPing(WAIT));
      assertThat(close.get("type").asInt()).isEqualTo(7);
      assertThat(metrics.errors("oversized")).isEqualTo(1);
      assertThat(socket.awaitClosed(WAIT)).isTrue();
    }
  }

  @Test
  void recordWithoutSeparatorIsBufferedUntilTheLimit() {
    start(TransportSettings.defaults().withMaxMessageSize(1024));
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      socket.sendText("{\"type\":6}");
      assertThat(socket.nextNonPing(Duration.ofMillis(300))).isNull();
      socket.sendText("x".repeat(1100));
      assertThat(record(socket.nextNonPing(WAIT)).get("type").asInt()).isEqualTo(7);
      assertThat(metrics.errors("oversized")).isEqualTo(1);
    }
  }

  @Test
  void binaryNonTextFrameOnJsonConnection_closesWithReason() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      socket.sendBinary(new byte[] {0x03, (byte) 0x91, 0x06});
      JsonNode close = record(socket.nextNonPing(WAIT));
      assertThat(close.get("error").asString()).contains("binary frame");
      assertThat(metrics.errors("wrong_frame_type")).isEqualTo(1);
    }
  }

  @Test
  void badHandshake_andUnsupportedProtocol_areRefusedWithError() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.sendText("{\"protocol\":\"xml\",\"version\":1}\u001e");
      assertThat(record(socket.next(WAIT)).get("error").asString()).contains("'xml'");
      assertThat(socket.awaitClosed(WAIT)).isTrue();
    }
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.sendText("{\"type\":1,\"target\":\"Request_VM\",\"arguments\":[\"A\"]}\u001e");
      assertThat(record(socket.next(WAIT)).get("error").asString()).isNotBlank();
      assertThat(socket.awaitClosed(WAIT)).isTrue();
    }
    assertThat(metrics.errors("bad_handshake")).isEqualTo(2);
  }

  @Test
  void timers_handshakeTimeout_keepAlivePing_clientTimeout() {
    start(TransportSettings.defaults().withTimers(Duration.ofMillis(500), Duration.ofMillis(2500), Duration.ofSeconds(1)));
    try (RawSocket silent = RawSocket.connect(server.wsUrl())) {
      assertThat(record(silent.next(WAIT)).get("error").asString()).contains("Handshake");
      assertThat(silent.awaitClosed(WAIT)).isTrue();
    }
    try (RawSocket idle = RawSocket.connect(server.wsUrl())) {
      idle.handshake("json");
      assertThat(record(idle.next(WAIT)).get("type").asInt()).isEqualTo(6);
      JsonNode close = null;
      for (RawSocket.Frame f; (f = idle.next(WAIT)) != null; ) {
        JsonNode m = record(f);
        if (m.get("type").asInt() == 7) {
          close = m;
          break;
        }
      }
      assertThat(close).isNotNull();
      assertThat(close.get("error").asString()).contains("Server timeout");
      // The count follows the socket's end, which trails the Close message a little.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (metrics.closes(CloseReason.CLIENT_TIMEOUT) < 1 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertThat(metrics.closes(CloseReason.CLIENT_TIMEOUT)).isEqualTo(1);
    }
  }

  @Test
  void serverShutdown_tellsClientsWhy() {
    start();
    RawSocket socket = RawSocket.connect(server.wsUrl());
    socket.handshake("json");
    server.hub().close();
    JsonNode close = record(socket.nextNonPing(WAIT));
    assertThat(close.get("type").asInt()).isEqualTo(7);
    assertThat(close.get("error").asString()).contains("shutting down");
    socket.close();
  }

  @Test
  void send_tellsWhetherItQueued_falseOnceTheConnectionIsClosing() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (server.hub().connections().size() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
      HubConnection connection = server.hub().connections().all().iterator().next();
      PreparedMessage hello = new PreparedMessage(new InvocationMessage(null, "Hello", List.of()));

      assertThat(connection.send(hello)).isTrue();
      assertThat(socket.nextNonPing(WAIT).text()).contains("Hello");
      connection.close(CloseReason.NORMAL, null);
      assertThat(connection.send(hello)).as("nothing queued for a closing connection").isFalse();
    }
  }

  @Test
  void closedConnection_leavesNothingBehind() {
    start();
    try (RawSocket socket = RawSocket.connect(server.wsUrl())) {
      socket.handshake("json");
      socket.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Dispose_VM\",\"arguments\":[\"X\"]}\u001e");
      socket.nextNonPing(WAIT);
      assertThat(server.hub().connections().size()).isEqualTo(1);
      socket.sendText("{\"type\":7}\u001e");
      assertThat(socket.awaitClosed(WAIT)).isTrue();
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.hub().connections().size() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(server.hub().connections().size()).isZero();
    assertThat(server.hub().endpoint().socketCount()).isZero();
    assertThat(metrics.activeConnections()).isZero();
  }
}
