package io.hubscope.hub.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubConnectException;
import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.RawSocket;
import io.hubscope.hub.transport.TransportSettings;
import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each limit refuses with an error the client can read, counts the refusal, and frees its slot. */
class HubLimitsIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A view model with one property. */
  public static final class Counter extends BaseVM {
    final Property<Integer> count = property("Count", 0);
  }

  /** A negotiate answer: its status, its body and its Retry-After header. */
  record Answer(int status, JsonNode body, String retryAfter) {}

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  final List<HubClientConnection> clients = new ArrayList<>();
  HubTestServer server;

  HubTestServer start(HubLimits limits, TransportSettings settings) {
    AtomicReference<HubServer> hub = new AtomicReference<>();
    HubServerBuilder builder = HubServer.builder().limits(limits).settings(settings).metrics(metrics)
        .trustedProxies(java.util.Set.of("127.0.0.1"))
        .viewModels(ViewModels.of(new VMRegistry().register("Counter", Counter::new)))
        .method("Join", call -> Mono.fromRunnable(() ->
            hub.get().groups().add(call.connection().id(), call.arguments().get(0).asString())));
    hub.set(builder.build());
    server = new HubTestServer(hub.get());
    return server;
  }

  HubTestServer start(HubLimits limits) {
    return start(limits, TransportSettings.defaults());
  }

  @AfterEach
  void stop() {
    for (HubClientConnection c : clients) c.close().block(WAIT);
    if (server != null) server.close();
  }

  HubClientConnection connect(BlockingQueue<List<JsonNode>> responses) {
    HubClientConnection c = HubClient.builder(server.url()).build().connect()
        .doOnNext(conn -> conn.on("Response_VM", responses::add)).block(WAIT);
    clients.add(c);
    return c;
  }

  HubClientConnection connect() {
    return connect(new LinkedBlockingQueue<>());
  }

  Answer negotiate(String forwardedFor) {
    return HttpClient.create()
        .headers(h -> {
          if (forwardedFor != null) h.set("X-Forwarded-For", forwardedFor);
        })
        .post().uri(server.url() + "/negotiate?negotiateVersion=1")
        .responseSingle((r, body) -> body.asString().defaultIfEmpty("{}")
            .map(text -> new Answer(r.status().code(), JSON.readTree(text), r.responseHeaders().get("Retry-After"))))
        .block(WAIT);
  }

  static JsonNode vmData(BlockingQueue<List<JsonNode>> responses, String vmId) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> args = responses.poll(100, TimeUnit.MILLISECONDS);
      if (args != null && args.get(0).get(0).asString().equals(vmId)) return JSON.readTree(args.get(0).get(1).asString());
    }
    throw new AssertionError("no Response_VM for " + vmId);
  }

  static boolean until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  @Test
  void viewModels_pastTheLimit_getADotNetifyErrorAndACompletionError_andDisposeFreesASlot() throws Exception {
    start(HubLimits.defaults().withPerConnection(3, 100));
    BlockingQueue<List<JsonNode>> responses = new LinkedBlockingQueue<>();
    HubClientConnection c = connect(responses);
    for (int i = 1; i <= 3; i++) {
      c.invoke("Request_VM", "Counter$" + i, Map.of()).block(WAIT);
      assertThat(vmData(responses, "Counter$" + i).path("Count").asInt()).isZero();
    }
    assertThatThrownBy(() -> c.invoke("Request_VM", "Counter$4", Map.of()).block(WAIT))
        .isInstanceOf(HubInvocationException.class)
        .hasMessageContaining("holds 3 view models (limit 3)");
    JsonNode error = vmData(responses, "Counter$4");
    assertThat(error.path("ExceptionType").asString()).isEqualTo("LimitExceededException");
    assertThat(error.path("Message").asString()).contains("limit 3", "Counter$4");
    // Update_VM recreates a view model it does not hold, so it is held to the same bound.
    assertThatThrownBy(() -> c.invoke("Update_VM", "Counter$5", Map.of("Count", 1)).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("limit 3");
    assertThat(metrics.refusals(Limit.VIEW_MODELS_PER_CONNECTION)).isEqualTo(2);
    assertThat(metrics.errors("vm_error")).as("a refusal is not counted as a view-model error").isZero();
    c.invoke("Update_VM", "Counter$2", Map.of("Count", 5)).block(WAIT);
    assertThat(metrics.refusals(Limit.VIEW_MODELS_PER_CONNECTION)).as("a held view model takes updates at the limit")
        .isEqualTo(2);

    c.invoke("Request_VM", "Counter$1", Map.of()).block(WAIT);
    assertThat(vmData(responses, "Counter$1").has("Count")).as("a held view model may be requested again").isTrue();
    c.invoke("Dispose_VM", "Counter$1").block(WAIT);
    c.invoke("Request_VM", "Counter$4", Map.of()).block(WAIT);
    assertThat(vmData(responses, "Counter$4").path("Count").asInt()).isZero();
    assertThat(c.isOpen()).as("a refusal leaves the connection usable").isTrue();
  }

  @Test
  void groups_pastTheLimit_failTheCallThatAdds() {
    start(HubLimits.defaults().withPerConnection(100, 2));
    HubClientConnection c = connect();
    c.invoke("Join", "a").block(WAIT);
    c.invoke("Join", "b").block(WAIT);
    c.invoke("Join", "b").block(WAIT);
    assertThatThrownBy(() -> c.invoke("Join", "c").block(WAIT))
        .isInstanceOf(HubInvocationException.class)
        .hasMessageContaining("already in 2 groups (limit 2)");
    assertThat(metrics.refusals(Limit.GROUPS_PER_CONNECTION)).isEqualTo(1);
    assertThat(server.hub().groups().groupsOf(c.connectionId())).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void connectionsPerNode_pastTheLimit_are503AtNegotiateAndConnect_untilOneCloses() {
    start(HubLimits.defaults().withConnections(2, 1000, false));
    HubClientConnection first = connect();
    connect();
    Answer refused = negotiate(null);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body().path("error").asString()).contains("connection limit (2)");
    assertThat(refused.retryAfter()).isNotBlank();
    assertThatThrownBy(this::connect).isInstanceOf(HubConnectException.class).hasMessageContaining("503");
    try (RawSocket direct = RawSocket.connect(server.wsUrl())) {
      assertThat(direct.status()).as("a socket without negotiate is held to the bound too").isEqualTo(503);
    }
    assertThat(metrics.refusals(Limit.CONNECTIONS_PER_NODE)).isEqualTo(3);

    first.close().block(WAIT);
    clients.remove(first);
    assertThat(until(() -> server.hub().endpoint().socketCount() == 1)).isTrue();
    assertThat(connect().isOpen()).isTrue();
  }

  @Test
  void connectionsPerIp_countSocketsAndTokens_are429_andOtherAddressesAreUnaffected() {
    start(HubLimits.defaults().withConnections(100, 2, false));
    assertThat(negotiate("6.6.6.6").status()).isEqualTo(200);
    assertThat(negotiate("6.6.6.6").status()).isEqualTo(200);
    Answer refused = negotiate("6.6.6.6");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body().path("error").asString()).contains("from your address (limit 2)");
    assertThat(negotiate("7.7.7.7").status()).isEqualTo(200);
    assertThat(metrics.refusals(Limit.CONNECTIONS_PER_IP)).isEqualTo(1);
    // Loopback is exempt by default: a local proxy or load test shares one address.
    for (int i = 0; i < 3; i++) assertThat(connect().isOpen()).isTrue();
  }

  @Test
  void connectionsPerIp_onLoopback_whenAskedFor_andASocketHoldsItsSlotUntilClosed() {
    start(HubLimits.defaults().withConnections(100, 2, true));
    HubClientConnection first = connect();
    connect();
    assertThatThrownBy(this::connect).isInstanceOf(HubConnectException.class).hasMessageContaining("429");
    assertThat(metrics.refusals(Limit.CONNECTIONS_PER_IP)).isEqualTo(1);
    first.close().block(WAIT);
    clients.remove(first);
    assertThat(until(() -> server.hub().endpoint().socketCount() == 1)).isTrue();
    assertThat(connect().isOpen()).isTrue();
  }

  @Test
  void pendingNegotiations_pastTheLimit_are503_andExpiredTokensAreSweptWithTheirAddressSlots() {
    TransportSettings shortTokens = new TransportSettings(32 * 1024, 8L * 1024 * 1024, Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMillis(500));
    start(HubLimits.defaults().withMaxPendingNegotiations(3), shortTokens);
    for (int i = 0; i < 3; i++) assertThat(negotiate("6.6.6." + i).status()).isEqualTo(200);
    Answer refused = negotiate("6.6.6.9");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body().path("error").asString()).contains("waiting for their connection (limit 3)");
    assertThat(metrics.refusals(Limit.PENDING_NEGOTIATIONS)).isEqualTo(1);
    assertThat(server.hub().endpoint().pendingNegotiations()).isEqualTo(3);

    assertThat(until(() -> server.hub().endpoint().pendingNegotiations() == 0)).as("expired tokens swept").isTrue();
    assertThat(server.hub().endpoint().limitedAddresses()).as("their address slots released").isZero();
    assertThat(negotiate("6.6.6.9").status()).isEqualTo(200);
  }
}
