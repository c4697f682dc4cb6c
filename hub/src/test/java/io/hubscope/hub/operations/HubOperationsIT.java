package io.hubscope.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.CloseInfo;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.transport.TransportType;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubConnectException;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.Inbox;
import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.VMRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The operator's and backends' operations on a hub, against real clients over real sockets. */
class HubOperationsIT {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A view model with one property, so clients can hold it. */
  public static final class Greeter extends BaseVM {
    public Greeter() {
      property("Greeting", "hello");
    }
  }

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  final List<HubClientConnection> clients = new ArrayList<>();
  HubTestServer server;
  HubOperations operations;

  @BeforeEach
  void start() {
    VMRegistry registry = new VMRegistry().register("Greeter", Greeter::new);
    HubServer hub = HubServer.builder().metrics(metrics).viewModels(ViewModels.of(registry))
        .limits(HubLimits.defaults().withPerConnection(100, 2)).build();
    server = new HubTestServer(hub);
    operations = new HubOperations(hub, 1024, c -> false);
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> c.close().block(WAIT));
    server.close();
  }

  record Client(HubClientConnection connection, Inbox<JsonNode> pushes) {
    /** The next push's vmId and properties as {@code [vmId, {...}]}. */
    JsonNode next() {
      JsonNode pair = pushes.take(WAIT, "a Response_VM");
      return JSON.createArrayNode().add(pair.get(0)).add(JSON.readTree(pair.get(1).asString()));
    }
  }

  Client connect() {
    return connect(TransportType.WEB_SOCKETS);
  }

  Client connect(TransportType transport) {
    Inbox<JsonNode> pushes = new Inbox<>();
    HubClientConnection c = HubClient.builder(server.url()).transport(transport).build().connect()
        .doOnNext(conn -> conn.on("Response_VM", args -> pushes.add(args.get(0)))).block(WAIT);
    clients.add(c);
    return new Client(c, pushes);
  }

  static ObjectNode props(String greeting) {
    return JSON.createObjectNode().put("Greeting", greeting);
  }

  @Test
  void disconnect_clientReadsTheReasonAndIsNotAskedToReconnect() {
    Client a = connect();

    operations.disconnect(a.connection().connectionId(), "maintenance by ops");

    CloseInfo info = a.connection().closed().block(WAIT);
    assertThat(info.reason()).isEqualTo(CloseInfo.Reason.SERVER_CLOSE);
    assertThat(info.error()).isEqualTo("maintenance by ops");
    assertThat(info.allowReconnect()).isFalse();
  }

  @Test
  void sendToConnection_reachesOnlyThatClientAsResponseVM() {
    Client a = connect();
    Client b = connect();

    assertThat(operations.sendToConnection(a.connection().connectionId(), "Greeter", props("only a"))).isEqualTo(1);

    assertThat(a.next().toString()).isEqualTo("[\"Greeter\",{\"Greeting\":\"only a\"}]");
    assertThat(b.pushes().next(Duration.ofMillis(200))).isNull();
  }

  @Test
  void sendToGroup_reachesTheMembersAddedByTheOperation_andNotThoseRemoved() {
    Client a = connect();
    Client b = connect();
    Client c = connect();
    operations.addToGroup(a.connection().connectionId(), "ops");
    operations.addToGroup(b.connection().connectionId(), "ops");
    operations.removeFromGroup(b.connection().connectionId(), "ops");

    assertThat(operations.sendToGroup("ops", "Greeter", props("group"))).isEqualTo(1);

    assertThat(a.next().get(1).get("Greeting").asString()).isEqualTo("group");
    assertThat(b.pushes().next(Duration.ofMillis(200))).isNull();
    assertThat(c.pushes().isEmpty()).isTrue();
  }

  @Test
  void sendToViewModel_reachesEveryHolderOfThatViewModel() {
    Client a = connect();
    Client b = connect();
    a.connection().invoke("Request_VM", "Greeter", Map.of()).block(WAIT);
    assertThat(a.next().get(1).get("Greeting").asString()).isEqualTo("hello");

    assertThat(operations.sendToViewModel("Greeter", props("to holders"))).isEqualTo(1);

    assertThat(a.next().get(1).get("Greeting").asString()).isEqualTo("to holders");
    assertThat(b.pushes().next(Duration.ofMillis(200))).isNull();
  }

  @Test
  void sendToAll_reachesEveryClient() {
    Client a = connect();
    Client b = connect();

    assertThat(operations.sendToAll("Greeter", props("all"))).isEqualTo(2);

    assertThat(a.next().get(1).get("Greeting").asString()).isEqualTo("all");
    assertThat(b.next().get(1).get("Greeting").asString()).isEqualTo("all");
  }

  @Test
  void badInput_isRefusedWithAReasonAndSendsNothing() {
    Client a = connect();
    String id = a.connection().connectionId();

    assertRefused(() -> operations.sendToConnection(id, "Greeter", JSON.createArrayNode()),
        OperationRefusedException.Kind.INVALID);
    assertRefused(() -> operations.sendToConnection(id, "Greeter", props("x".repeat(1100))),
        OperationRefusedException.Kind.TOO_LARGE);
    assertRefused(() -> operations.sendToConnection("nobody", "Greeter", props("x")),
        OperationRefusedException.Kind.NOT_FOUND);
    assertRefused(() -> operations.sendToGroup(" ", "Greeter", props("x")), OperationRefusedException.Kind.INVALID);
    assertRefused(() -> operations.sendToAll("G\u0000", props("x")), OperationRefusedException.Kind.INVALID);
    assertRefused(() -> operations.disconnect(id, "r".repeat(501)), OperationRefusedException.Kind.INVALID);
    operations.addToGroup(id, "g1");
    operations.addToGroup(id, "g2");
    assertRefused(() -> operations.addToGroup(id, "g3"), OperationRefusedException.Kind.LIMIT);

    assertThat(a.pushes().next(Duration.ofMillis(200))).isNull();
    assertThat(a.connection().isOpen()).isTrue();
  }

  static void assertRefused(Runnable call, OperationRefusedException.Kind kind) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(OperationRefusedException.class,
        e -> assertThat(e.kind()).isEqualTo(kind));
  }

  @Test
  void drain_refusesNewClientsAndAsksEachClientToReconnect_spreadOverTheDrainTime_thenUndrainTakesClientsAgain() {
    List<Client> connected = new ArrayList<>();
    // Every transport's clients are asked to move: four over WebSockets, three each over SSE and long polling.
    for (int i = 0; i < 10; i++) {
      connected.add(connect(i < 4 ? TransportType.WEB_SOCKETS : i < 7 ? TransportType.SERVER_SENT_EVENTS
          : TransportType.LONG_POLLING));
    }
    HubServer hub = server.hub();

    long start = System.nanoTime();
    assertThat(hub.drain(Duration.ofMillis(1000))).isEqualTo(10);

    assertThatThrownBy(this::connect).isInstanceOf(HubConnectException.class).hasMessageContaining("503")
        .hasMessageContaining("draining");
    assertThat(metrics.refusals(Limit.DRAINING)).isEqualTo(1);
    List<Long> closedAtMillis = new ArrayList<>();
    for (Client c : connected) {
      CloseInfo info = c.connection().closed().block(WAIT);
      closedAtMillis.add((System.nanoTime() - start) / 1_000_000);
      assertThat(info.allowReconnect()).isTrue();
      assertThat(info.error()).contains("draining");
    }
    // Spread: not all at once at the start, all within about the drain time.
    assertThat(closedAtMillis.get(0)).isGreaterThanOrEqualTo(50);
    assertThat(closedAtMillis.get(9)).isBetween(500L, 3000L);

    hub.undrain();
    assertThat(connect().connection().isOpen()).isTrue();
  }
}
