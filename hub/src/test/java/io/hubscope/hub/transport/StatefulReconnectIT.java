package io.hubscope.hub.transport;

import static io.hubscope.hub.transport.HubTransportIT.JSON;
import static io.hubscope.hub.transport.HubTransportIT.WAIT;
import static io.hubscope.hub.transport.HubTransportIT.negotiate;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.protocol.AckMessage;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import io.hubscope.hub.protocol.SequenceMessage;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.RawSocket;
import io.hubscope.hub.testing.TcpRelay;
import io.hubscope.hub.transport.reconnect.ReconnectSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Stateful reconnect on real sockets: a bare WebSocket client plays the official clients' part
 * (negotiate with {@code useStatefulReconnect=true}, handshake version 2, Ack and Sequence), and a
 * {@link TcpRelay} drops its connection without a Close frame.
 */
class StatefulReconnectIT {

  static final String STATEFUL = "1&useStatefulReconnect=true";
  static final String HANDSHAKE_V2 = "{\"protocol\":\"json\",\"version\":2}\u001e";

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  final AtomicInteger disconnects = new AtomicInteger();
  HubTestServer server;
  TcpRelay relay;

  HubTestServer start(ReconnectSettings settings) {
    return start(settings, TransportSettings.defaults());
  }

  HubTestServer start(ReconnectSettings settings, TransportSettings transport) {
    server = new HubTestServer(HubServer.builder().metrics(metrics).statefulReconnect(settings).settings(transport)
        .viewModels(responder -> new io.hubscope.hub.server.ViewModelHandler() {
          @Override public void request(io.hubscope.hub.pipeline.HubContext ctx) {
            responder.respond(ctx.connectionId(), ctx.vmId(), "{\"Echo\":" + ctx.data() + "}");
          }
          @Override public void update(io.hubscope.hub.pipeline.HubContext ctx) {}
          @Override public void dispose(io.hubscope.hub.pipeline.HubContext ctx) {}
          @Override public void disconnected(String connectionId) {
            disconnects.incrementAndGet();
          }
        }).build());
    relay = new TcpRelay(server.port());
    return server;
  }

  HubTestServer start() {
    return start(ReconnectSettings.defaults());
  }

  @AfterEach
  void stop() {
    if (relay != null) relay.close();
    if (server != null) server.close();
  }

  String relayedWs(String token) {
    return "ws://127.0.0.1:" + relay.port() + server.hub().path() + "?id=" + token;
  }

  /** Negotiates stateful reconnect and connects through the relay with handshake version 2. */
  RawSocket connectStateful(String token) {
    RawSocket socket = RawSocket.connect(relayedWs(token));
    assertThat(socket.status()).isEqualTo(101);
    socket.sendText(HANDSHAKE_V2);
    assertThat(socket.next(WAIT).text()).isEqualTo("{}\u001e");
    return socket;
  }

  HubConnection onlyConnection() {
    await(() -> server.hub().connections().size() == 1);
    return server.hub().connections().all().iterator().next();
  }

  static PreparedMessage tick(int n) {
    return new PreparedMessage(new InvocationMessage(null, "Tick", List.of(JsonNodeFactory.instance.numberNode(n))));
  }

  /** The next record that is not a ping or an ack from the server. */
  static JsonNode nextRecord(RawSocket socket) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      RawSocket.Frame f = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      assertThat(f).as("a record within " + WAIT).isNotNull();
      JsonNode record = HubTransportIT.record(f);
      int type = record.get("type").asInt();
      if (type != 6 && type != 8) return record;
    }
    throw new AssertionError("no record within " + WAIT);
  }

  static String describe(JsonNode record) {
    return switch (record.get("type").asInt()) {
      case 1 -> record.get("target").asString() + ":" + record.get("arguments").get(0);
      case 3 -> "completion:" + record.get("invocationId").asString();
      case 9 -> "sequence:" + record.get("sequenceId").asLong();
      default -> record.toString();
    };
  }

  static List<String> next(RawSocket socket, int count) {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < count; i++) seen.add(describe(nextRecord(socket)));
    return seen;
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
      LockSupport.parkNanos(5_000_000); // poll, leaving the cores to the server
    }
  }

  @Test
  void negotiate_grantsStatefulReconnectOnlyWhenAskedWithVersion1AndEnabled() {
    start();
    assertThat(negotiate(server.url(), STATEFUL).get("useStatefulReconnect").asBoolean()).isTrue();
    assertThat(negotiate(server.url(), "1").has("useStatefulReconnect")).isFalse();
    assertThat(negotiate(server.url(), "0&useStatefulReconnect=true").has("useStatefulReconnect"))
        .as("a version 0 id is public: no resuming by it").isFalse();
    server.close();

    start(new ReconnectSettings(false, 100_000, Duration.ofSeconds(15)));
    assertThat(negotiate(server.url(), STATEFUL).has("useStatefulReconnect")).isFalse();
  }

  @Test
  void droppedSocket_resumesWithSequenceThenReplaysWhatWasNotAckedInOrderExactlyOnce() {
    start();
    String token = negotiate(server.url(), STATEFUL).get("connectionToken").asString();
    RawSocket first = connectStateful(token);
    HubConnection connection = onlyConnection();
    for (int i = 1; i <= 3; i++) connection.send(tick(i)); // server ids 1..3
    assertThat(next(first, 3)).containsExactly("Tick:1", "Tick:2", "Tick:3");
    // The client acks 2, then requests a view model (client id 1): response 4, completion 5.
    first.sendText("{\"type\":8,\"sequenceId\":2}\u001e"
        + "{\"type\":1,\"invocationId\":\"a\",\"target\":\"Request_VM\",\"arguments\":[\"A\",{}]}\u001e");
    assertThat(next(first, 2)).containsExactly("Response_VM:[\"A\",\"{\\\"Echo\\\":{}}\"]", "completion:a");

    relay.cut();
    assertThat(first.awaitClosed(WAIT)).isTrue();
    for (int i = 6; i <= 8; i++) assertThat(connection.send(tick(i))).isTrue(); // buffered while the path is down

    RawSocket second = RawSocket.connect(relayedWs(token)); // no handshake on a resumed connection
    assertThat(second.status()).isEqualTo(101);
    assertThat(next(second, 7)).containsExactly("sequence:3", "Tick:3", "Response_VM:[\"A\",\"{\\\"Echo\\\":{}}\"]",
        "completion:a", "Tick:6", "Tick:7", "Tick:8");
    connection.send(tick(9));
    assertThat(next(second, 1)).containsExactly("Tick:9");

    // The client did not see our ack for its request: it resends it after its Sequence. Only the
    // new request is answered.
    second.sendText("{\"type\":9,\"sequenceId\":1}\u001e"
        + "{\"type\":1,\"invocationId\":\"a\",\"target\":\"Request_VM\",\"arguments\":[\"A\",{}]}\u001e"
        + "{\"type\":1,\"invocationId\":\"b\",\"target\":\"Request_VM\",\"arguments\":[\"B\",{}]}\u001e");
    assertThat(next(second, 2)).containsExactly("Response_VM:[\"B\",\"{\\\"Echo\\\":{}}\"]", "completion:b");

    assertThat(server.hub().connections().size()).isEqualTo(1);
    assertThat(disconnects.get()).as("the view models lived through the gap").isZero();
    assertThat(metrics.reconnects()).isEqualTo(1);
    assertThat(metrics.replayed()).isEqualTo(6);
    assertThat(metrics.activeConnections()).isEqualTo(1);
    second.close();
  }

  @Test
  void messagePack_resumesWithABinarySequenceAndReplay() {
    start();
    String token = negotiate(server.url(), STATEFUL).get("connectionToken").asString();
    RawSocket first = RawSocket.connect(relayedWs(token));
    first.sendText("{\"protocol\":\"messagepack\",\"version\":2}\u001e");
    assertThat(first.next(WAIT).text()).isEqualTo("{}\u001e");
    HubConnection connection = onlyConnection();
    connection.send(tick(1));
    assertThat(nextBinary(first, 1)).containsExactly(tick(1).message());
    // Ack 1, then a request: once its answer (2, 3) is back, the ack was handled.
    byte[] ack = HubProtocols.MESSAGE_PACK.encode(new AckMessage(1));
    byte[] request = HubProtocols.MESSAGE_PACK.encode(new InvocationMessage("r", "Request_VM",
        List.of(JsonNodeFactory.instance.textNode("A"), JsonNodeFactory.instance.objectNode())));
    byte[] both = java.util.Arrays.copyOf(ack, ack.length + request.length);
    System.arraycopy(request, 0, both, ack.length, request.length);
    first.sendBinary(both);
    List<HubMessage> answer = nextBinary(first, 2);
    relay.cut();
    connection.send(tick(4));

    RawSocket second = RawSocket.connect(relayedWs(token));
    List<HubMessage> resumed = nextBinary(second, 4);
    assertThat(resumed.get(0)).isEqualTo(new SequenceMessage(2));
    assertThat(resumed.subList(1, 4)).containsExactly(answer.get(0), answer.get(1), tick(4).message());
    second.close();
  }

  /** The next {@code count} messages on a MessagePack socket, pings and acks left out. */
  static List<HubMessage> nextBinary(RawSocket socket, int count) {
    List<HubMessage> messages = new ArrayList<>();
    HubProtocol.Reader reader = HubProtocols.MESSAGE_PACK.newReader(64 * 1024);
    while (messages.size() < count) {
      RawSocket.Frame frame = socket.next(WAIT);
      assertThat(frame).as("a frame within " + WAIT).isNotNull();
      assertThat(frame.binary()).isTrue();
      reader.read(java.nio.ByteBuffer.wrap(frame.bytes()), m -> {
        if (!(m instanceof PingMessage) && !(m instanceof AckMessage)) messages.add(m);
      });
    }
    return messages;
  }

  @Test
  void statefulConnection_acksWhatTheClientSent() {
    start();
    RawSocket socket = connectStateful(negotiate(server.url(), STATEFUL).get("connectionToken").asString());
    socket.sendText("{\"type\":1,\"target\":\"Request_VM\",\"arguments\":[\"A\",{}]}\u001e"
        + "{\"type\":1,\"target\":\"Request_VM\",\"arguments\":[\"B\",{}]}\u001e");
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode ack = null;
    while (ack == null && System.nanoTime() < deadline) {
      JsonNode record = HubTransportIT.record(socket.next(WAIT));
      if (record.get("type").asInt() == 8) ack = record;
    }
    assertThat(ack).isNotNull();
    assertThat(ack.get("sequenceId").asLong()).isEqualTo(2);
    socket.close();
  }

  @Test
  void wrongToken_cannotResumeOrDisturbTheConnection_theRightOneCan() {
    start();
    JsonNode answer = negotiate(server.url(), STATEFUL);
    String token = answer.get("connectionToken").asString();
    String connectionId = answer.get("connectionId").asString();
    RawSocket first = connectStateful(token);
    HubConnection connection = onlyConnection();

    for (String wrong : List.of(connectionId, token + "x", token.substring(1))) {
      RawSocket intruder = RawSocket.connect(relayedWs(wrong));
      assertThat(intruder.status()).as(wrong).isEqualTo(404);
    }
    connection.send(tick(1));
    assertThat(next(first, 1)).as("the owner's socket was not touched").containsExactly("Tick:1");

    relay.cut();
    connection.send(tick(2));
    assertThat(RawSocket.connect(relayedWs(connectionId)).status()).as("the public id while detached").isEqualTo(404);
    RawSocket resumed = RawSocket.connect(relayedWs(token));
    assertThat(resumed.status()).isEqualTo(101);
    assertThat(next(resumed, 3)).containsExactly("sequence:1", "Tick:1", "Tick:2");
    resumed.close();
  }

  @Test
  void replayBufferFull_closesWithAClearReason() {
    start(new ReconnectSettings(true, 2_000, Duration.ofSeconds(15)));
    RawSocket socket = connectStateful(negotiate(server.url(), STATEFUL).get("connectionToken").asString());
    HubConnection connection = onlyConnection();
    PreparedMessage big = new PreparedMessage(new InvocationMessage(null, "Tick",
        List.of(JsonNodeFactory.instance.textNode("x".repeat(300)))));
    int sent = 0;
    while (connection.send(big)) sent++; // never acked

    assertThat(sent).isBetween(5, 6);
    JsonNode close = null;
    while (close == null) {
      JsonNode record = HubTransportIT.record(socket.next(WAIT));
      if (record.get("type").asInt() == 7) close = record;
    }
    assertThat(close.get("error").asString()).contains("stateful reconnect buffer is full").contains("2000 bytes");
    assertThat(socket.awaitClosed(WAIT)).isTrue();
    await(() -> metrics.closes(CloseReason.REPLAY_BUFFER_FULL) == 1);
    await(() -> server.hub().connections().size() == 0); // the lifecycle runs just after the count
  }

  @Test
  void graceExpired_endsTheConnectionLikeAnyDisconnect_andTheTokenIsGone() {
    start(new ReconnectSettings(true, 100_000, Duration.ofSeconds(1)));
    String token = negotiate(server.url(), STATEFUL).get("connectionToken").asString();
    RawSocket socket = connectStateful(token);
    socket.sendText("{\"type\":1,\"target\":\"Request_VM\",\"arguments\":[\"A\",{}]}\u001e");
    assertThat(next(socket, 1)).hasSize(1);
    relay.cut();

    await(() -> metrics.closes(CloseReason.RECONNECT_TIMEOUT) == 1);
    await(() -> server.hub().connections().size() == 0); // the lifecycle runs just after the count
    await(() -> disconnects.get() == 1);
    assertThat(metrics.activeConnections()).isZero();
    assertThat(server.hub().endpoint().socketCount()).isZero();
    assertThat(server.hub().endpoint().limitedAddresses()).isZero();
    assertThat(RawSocket.connect(relayedWs(token)).status()).isEqualTo(404);
  }

  @Test
  void silentClient_losesItsSocketButNotItsConnection() {
    start(ReconnectSettings.defaults(), TransportSettings.defaults()
        .withTimers(Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(15)));
    String token = negotiate(server.url(), STATEFUL).get("connectionToken").asString();
    RawSocket first = connectStateful(token); // and then silent, as over a path that died quietly
    HubConnection connection = onlyConnection();

    assertThat(first.awaitClosed(WAIT)).as("the server dropped the silent socket").isTrue();
    connection.send(tick(1));
    RawSocket second = RawSocket.connect(relayedWs(token));
    assertThat(next(second, 2)).containsExactly("sequence:1", "Tick:1");
    assertThat(metrics.closes(CloseReason.CLIENT_TIMEOUT)).isZero();
    assertThat(disconnects.get()).isZero();
    second.close();
  }

  @Test
  void clientCloseMessage_endsAStatefulConnectionAtOnce() {
    start();
    RawSocket socket = connectStateful(negotiate(server.url(), STATEFUL).get("connectionToken").asString());
    onlyConnection();
    socket.sendText("{\"type\":7}\u001e");
    await(() -> metrics.closes(CloseReason.NORMAL) == 1);
    await(() -> server.hub().connections().size() == 0); // the lifecycle runs just after the count
  }

  @Test
  void sequenceThatSkipsMessages_isAProtocolErrorWithAReason() {
    start();
    RawSocket socket = connectStateful(negotiate(server.url(), STATEFUL).get("connectionToken").asString());
    socket.sendText("{\"type\":9,\"sequenceId\":5}\u001e");
    JsonNode close = nextRecord(socket);
    assertThat(close.get("type").asInt()).isEqualTo(7);
    assertThat(close.get("error").asString()).contains("Sequence 5 skips messages");
    assertThat(metrics.errors("malformed")).isEqualTo(1);
    await(() -> metrics.closes(CloseReason.PROTOCOL_ERROR) == 1);
  }

  @Test
  void ackOrSequenceOnAConnectionWithoutStatefulReconnect_isAProtocolError() {
    start();
    RawSocket socket = RawSocket.connect(server.wsUrl());
    socket.sendText(HANDSHAKE_V2);
    assertThat(socket.next(WAIT).text()).isEqualTo("{}\u001e");
    socket.sendText("{\"type\":8,\"sequenceId\":1}\u001e");
    JsonNode close = nextRecord(socket);
    assertThat(close.get("type").asInt()).isEqualTo(7);
    assertThat(close.get("error").asString()).contains("needs stateful reconnect");
    assertThat(metrics.errors("unsupported_message")).isEqualTo(1);
  }
}
