package io.hubscope.hub.transport;

import static io.hubscope.hub.testing.HttpTransportClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.testing.HttpTransportClient;
import io.hubscope.hub.testing.HttpTransportClient.EventStream;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.RawSocket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Server-Sent Events and Long Polling on real sockets, spoken by hand so each status code shows. */
class HttpTransportsIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}\u001e";
  static final String REQUEST_HELLO =
      "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Request_VM\",\"arguments\":[\"Hello\",{\"$vmArg\":{\"A\":1}}]}\u001e";

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  HubTestServer server;

  HubTestServer start(TransportSettings settings, HubTransports transports) {
    server = new HubTestServer(HubServer.builder().settings(settings).transports(transports).metrics(metrics)
        .viewModels(HubTransportIT.echoViewModels()).build());
    return server;
  }

  HubTestServer start() {
    return start(TransportSettings.defaults(), HubTransports.defaults());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  static List<JsonNode> records(byte[] body) {
    List<JsonNode> out = new ArrayList<>();
    for (String r : new String(body, StandardCharsets.UTF_8).split("\u001e")) {
      if (!r.isEmpty()) out.add(JSON.readTree(r));
    }
    return out;
  }

  /** Polls until {@code n} hub messages other than pings have arrived. */
  static List<JsonNode> pollFor(HttpTransportClient client, int n) {
    List<JsonNode> got = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      HttpResponse<byte[]> r = client.poll();
      assertThat(r.statusCode()).isEqualTo(200);
      for (JsonNode m : records(r.body())) if (m.path("type").asInt() != 6) got.add(m);
    }
    return got;
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + WAIT + ": " + what);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  HttpTransportClient longPolling() {
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    HttpResponse<byte[]> first = client.poll();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEmpty();
    assertThat(client.post(HANDSHAKE).statusCode()).isEqualTo(200);
    assertThat(new String(client.poll().body(), StandardCharsets.UTF_8)).isEqualTo("{}\u001e");
    return client;
  }

  @Test
  void negotiate_listsEveryTransportWithItsTransferFormats_v1AndV0() {
    start();
    JsonNode v1 = HttpTransportClient.negotiateAnswer(server.url(), "1");
    assertThat(v1.get("availableTransports").toString()).isEqualTo(
        "[{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
            + "{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]},"
            + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]");
    assertThat(v1.get("connectionToken").asString()).isNotEqualTo(v1.get("connectionId").asString());
    JsonNode v0 = HttpTransportClient.negotiateAnswer(server.url(), null);
    assertThat(v0.get("negotiateVersion").asInt()).isZero();
    assertThat(v0.has("connectionToken")).isFalse();
    // Version 0: the connection id is the id the requests use.
    HttpTransportClient byId = HttpTransportClient.forToken(server.url(), v0.get("connectionId").asString());
    assertThat(byId.poll().statusCode()).isEqualTo(200);
  }

  @Test
  void longPolling_handshakeRequestResponseCompletion_thenDeleteEndsIt() {
    start();
    HttpTransportClient client = longPolling();
    String connectionId = server.hub().connections().all().iterator().next().id();
    assertThat(server.hub().connections().get(connectionId).info().transport()).isEqualTo("LongPolling");
    assertThat(server.hub().connections().get(connectionId).info().protocol()).isEqualTo("json");

    assertThat(client.post(REQUEST_HELLO).statusCode()).isEqualTo(200);
    List<JsonNode> got = pollFor(client, 2);
    assertThat(got.get(0).get("target").asString()).isEqualTo("Response_VM");
    assertThat(got.get(0).get("arguments").get(0).get(1).asString()).isEqualTo("{\"Echo\":{\"$vmArg\":{\"A\":1}}}");
    assertThat(got.get(1).get("type").asInt()).isEqualTo(3);

    CompletableFuture<HttpResponse<byte[]>> waiting = client.pollAsync();
    await(() -> server.hub().endpoint().waitingPolls() == 1, "poll waiting");
    HttpResponse<String> deleted = client.delete();
    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(waiting.join().statusCode()).isEqualTo(204);
    assertThat(server.hub().connections().size()).isZero();
    assertThat(client.poll().statusCode()).isEqualTo(204);
    assertThat(server.hub().endpoint().socketCount()).isZero();
    assertThat(server.hub().endpoint().limitedAddresses()).isZero();
  }

  @Test
  void longPolling_pollTimeoutAnswers200Empty_andAPushAnswersAWaitingPoll() {
    start(TransportSettings.defaults(), HubTransports.defaults().withPollTimeout(Duration.ofMillis(300)));
    HttpTransportClient client = longPolling();
    long started = System.nanoTime();
    HttpResponse<byte[]> timedOut = client.poll();
    assertThat(timedOut.statusCode()).isEqualTo(200);
    assertThat(timedOut.body()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

    CompletableFuture<HttpResponse<byte[]>> waiting = client.pollAsync();
    await(() -> server.hub().endpoint().waitingPolls() == 1, "poll waiting");
    server.hub().responder().respond(server.hub().connections().all().iterator().next().id(), "Pushed", "{\"N\":1}");
    List<JsonNode> pushed = records(waiting.join().body());
    assertThat(pushed.get(0).get("arguments").get(0).get(0).asString()).isEqualTo("Pushed");
  }

  @Test
  void longPolling_secondConcurrentPollAnswersTheFirst204_andGetsTheNextMessage() {
    start();
    HttpTransportClient client = longPolling();
    CompletableFuture<HttpResponse<byte[]>> first = client.pollAsync();
    await(() -> server.hub().endpoint().waitingPolls() == 1, "first poll waiting");
    CompletableFuture<HttpResponse<byte[]>> second = client.pollAsync();
    assertThat(first.join().statusCode()).isEqualTo(204);
    assertThat(client.post(REQUEST_HELLO).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> answered = second.join();
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(records(answered.body()).get(0).get("target").asString()).isEqualTo("Response_VM");
    assertThat(server.hub().connections().size()).isEqualTo(1);
  }

  @Test
  void longPolling_messagePackFramesArriveBinary() {
    start();
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    assertThat(client.poll().statusCode()).isEqualTo(200);
    client.post("{\"protocol\":\"messagepack\",\"version\":1}\u001e");
    assertThat(new String(client.poll().body(), StandardCharsets.UTF_8)).isEqualTo("{}\u001e");
    byte[] request = HubProtocols.MESSAGE_PACK.encode(new InvocationMessage("1", "Request_VM",
        List.of(JSON.readTree("\"Hello\""), JSON.readTree("{}"))));
    assertThat(client.post(request).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> r = client.poll();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    List<HubMessage> messages = new ArrayList<>();
    HubProtocols.MESSAGE_PACK.newReader(1 << 16).read(ByteBuffer.wrap(r.body()), messages::add);
    assertThat(messages.get(0)).isInstanceOfSatisfying(InvocationMessage.class,
        m -> assertThat(m.target()).isEqualTo("Response_VM"));
  }

  @Test
  void serverSentEvents_framesAreDataEvents_textOnly_andEndingTheStreamEndsTheConnection() {
    start();
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    try (EventStream events = client.eventStream()) {
      assertThat(events.status).isEqualTo(200);
      assertThat(events.contentType).startsWith("text/event-stream");
      assertThat(client.post(HANDSHAKE).statusCode()).isEqualTo(200);
      assertThat(events.next(WAIT)).isEqualTo("{}\u001e");
      assertThat(server.hub().connections().all().iterator().next().info().transport()).isEqualTo("ServerSentEvents");
      assertThat(client.post(REQUEST_HELLO).statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(events.next(WAIT).replace("\u001e", "")).get("target").asString())
          .isEqualTo("Response_VM");
      assertThat(JSON.readTree(events.next(WAIT).replace("\u001e", "")).get("type").asInt()).isEqualTo(3);

      // A second stream on the same id, a poll, and DELETE are refused; the stream carries on.
      assertThat(client.get("text/event-stream").statusCode()).isEqualTo(409);
      HttpResponse<String> poll = client.get(null);
      assertThat(poll.statusCode()).isEqualTo(400);
      assertThat(poll.body()).contains("Cannot change transports");
      assertThat(client.delete().statusCode()).isEqualTo(400);
      assertThat(server.hub().connections().size()).isEqualTo(1);
    }
    await(() -> server.hub().connections().size() == 0, "closing the stream ends the connection");
    assertThat(client.post(REQUEST_HELLO).statusCode()).isEqualTo(404);
  }

  @Test
  void serverSentEvents_refuseMessagePackWithTheSpecsReason() {
    start();
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    try (EventStream events = client.eventStream()) {
      client.post("{\"protocol\":\"messagepack\",\"version\":1}\u001e");
      assertThat(JSON.readTree(events.next(WAIT).replace("\u001e", "")).get("error").asString())
          .contains("does not support 'Binary' transfer format");
      assertThat(events.next(WAIT)).isEqualTo("<end>");
      assertThat(metrics.errors("bad_handshake")).isEqualTo(1);
    }
  }

  @Test
  void badRequests_getClearStatuses_andAWebSocketClientCarriesOn() {
    start(TransportSettings.defaults().withMaxMessageSize(1024), HubTransports.defaults());
    try (RawSocket ws = RawSocket.connect(server.wsUrl())) {
      ws.handshake("json");
      HttpTransportClient unknown = HttpTransportClient.forToken(server.url(), "nope");
      assertThat(unknown.poll().statusCode()).isEqualTo(404);
      assertThat(unknown.post("x").statusCode()).isEqualTo(404);
      assertThat(unknown.delete().statusCode()).isEqualTo(404);
      assertThat(HttpTransportClient.forToken(server.url(), "").poll().statusCode()).isEqualTo(400);

      HttpTransportClient client = longPolling();
      HttpResponse<String> oversized = client.post("x".repeat(5000));
      assertThat(oversized.statusCode()).isEqualTo(413);
      assertThat(oversized.body()).contains("exceeds the limit of 4096 bytes");
      assertThat(metrics.errors("oversized")).isEqualTo(1);
      List<JsonNode> close = pollFor(client, 1);
      assertThat(close.get(0).get("type").asInt()).isEqualTo(7);
      assertThat(close.get(0).get("error").asString()).contains("exceeds the limit");
      assertThat(client.poll().statusCode()).isEqualTo(204);
      await(() -> metrics.closes(CloseReason.PROTOCOL_ERROR) == 1, "protocol error close counted");

      ws.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Dispose_VM\",\"arguments\":[\"X\"]}\u001e");
      assertThat(HubTransportIT.record(ws.nextNonPing(WAIT)).get("type").asInt()).isEqualTo(3);
      assertThat(server.hub().connections().size()).isEqualTo(1);
    }
  }

  @Test
  void disabledTransports_areLeftOutOfNegotiate_andRefusedWithTheReason() {
    start(TransportSettings.defaults(), HubTransports.defaults().withEnabled(EnumSet.of(TransportType.WEB_SOCKETS)));
    JsonNode answer = HttpTransportClient.negotiateAnswer(server.url(), "1");
    assertThat(answer.get("availableTransports").size()).isEqualTo(1);
    HttpTransportClient client = HttpTransportClient.negotiate(server.url());
    HttpResponse<String> poll = client.get(null);
    assertThat(poll.statusCode()).isEqualTo(404);
    assertThat(poll.body()).contains("LongPolling transport is not enabled");
    HttpResponse<String> sse = client.get("text/event-stream");
    assertThat(sse.statusCode()).isEqualTo(404);
    assertThat(sse.body()).contains("ServerSentEvents transport is not enabled");
    server.close();

    start(TransportSettings.defaults(), HubTransports.defaults()
        .withEnabled(EnumSet.of(TransportType.SERVER_SENT_EVENTS, TransportType.LONG_POLLING)));
    assertThat(HttpTransportClient.negotiateAnswer(server.url(), "1").get("availableTransports").get(0)
        .get("transport").asString()).isEqualTo("ServerSentEvents");
    try (RawSocket ws = RawSocket.connect(server.wsUrl())) {
      assertThat(ws.status()).isEqualTo(404);
    }
  }

  @Test
  void crossOriginPages_mayPollSendAndDelete_fromAllowedOriginsOnly() {
    server = new HubTestServer(HubServer.builder().allowedOrigins(java.util.Set.of("http://app.local:8081")).build());
    var preflight = reactor.netty.http.client.HttpClient.create()
        .headers(h -> h.set("Origin", "http://app.local:8081").set("Access-Control-Request-Method", "DELETE"))
        .options().uri(server.url() + "?id=x").response().block(WAIT);
    assertThat(preflight.status().code()).isEqualTo(204);
    assertThat(preflight.responseHeaders().get("Access-Control-Allow-Methods")).contains("DELETE", "POST", "GET");
    var foreign = reactor.netty.http.client.HttpClient.create()
        .headers(h -> h.set("Origin", "http://evil.local").set("Access-Control-Request-Method", "POST"))
        .options().uri(server.url() + "?id=x").response().block(WAIT);
    assertThat(foreign.status().code()).isEqualTo(403);
  }

  @Test
  void longPolling_aClientThatStopsPollingIsClosed() {
    start(TransportSettings.defaults().withTimers(Duration.ofSeconds(15), Duration.ofMillis(1500),
        Duration.ofSeconds(15)), HubTransports.defaults());
    HttpTransportClient client = longPolling();
    assertThat(server.hub().connections().size()).isEqualTo(1);
    await(() -> server.hub().connections().size() == 0, "silent client closed");
    assertThat(metrics.closes(CloseReason.CLIENT_TIMEOUT)).isEqualTo(1);
    assertThat(client.poll().statusCode()).isEqualTo(204);
  }
}
