package io.hubscope.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.metrics.MicrometerHubMetrics;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.testing.BlockHoundSupport;
import io.hubscope.hub.testing.HttpTransportClient;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.transport.HubTransports;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.testing.RawSocket;
import io.hubscope.hub.testing.TcpRelay;
import reactor.netty.http.client.HttpClient;
import io.hubscope.hub.vm.VMRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BlockHound watches every Reactor Netty event-loop thread while clients negotiate, hand-shake,
 * request, update, receive multicast pushes and disconnect, in both protocols: nothing may block,
 * the hub's Micrometer meters on a Prometheus registry (the dispatch histogram) included.
 */
class NonBlockingIT {

  /** One-off class loading and resource reads happen before the watch starts, for every test here. */
  @BeforeAll
  static void warmUpThenWatch() {
    warmUp();
    exerciseHttpTransports();
    BlockHoundSupport.install();
  }

  @Test
  void hubAndClient_neverBlockAnEventLoop() throws Exception {

    VMRegistry registry = new VMRegistry()
        .register("Counter", HubRoundTripIT.Counter::new)
        .registerMulticast("Room", HubRoundTripIT.Room::new);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HubTestServer server = new HubTestServer(HubServer.builder().viewModels(ViewModels.of(registry))
        .decodedMethod("Observe", parser -> parser.readValueAsTree().size(),
            call -> reactor.core.publisher.Mono.just(call.arguments().get(0)))
        .metrics(new MicrometerHubMetrics(meters)).build())) {
      List<HubClientConnection> clients = new ArrayList<>();
      CountDownLatch pushes = new CountDownLatch(20 * 10);
      for (int i = 0; i < 20; i++) {
        HubClientConnection c = HubClient.builder(server.url())
            .protocol(i % 2 == 0 ? HubProtocols.JSON : HubProtocols.MESSAGE_PACK)
            .build().connect()
            .doOnNext(conn -> conn.on("Response_VM", args -> {
              if (args.get(0).get(1).asString().contains("Messages_add")) pushes.countDown();
            }))
            .block(Duration.ofSeconds(5));
        c.invoke("Request_VM", "Counter", Map.of()).block(Duration.ofSeconds(5));
        c.invoke("Request_VM", "Room", Map.of()).block(Duration.ofSeconds(5));
        // A decoded method: JSON clients' arguments are decoded as they are read, MessagePack ones from trees.
        assertThat(c.invoke("Observe", Map.of("events", List.of(1, 2), "seq", 3)).block(Duration.ofSeconds(5)).asInt())
            .isEqualTo(2);
        clients.add(c);
      }
      for (int m = 0; m < 10; m++) {
        HubClientConnection sender = clients.get(m);
        sender.invoke("Update_VM", "Counter", Map.of("Add", 1)).block(Duration.ofSeconds(5));
        sender.invoke("Update_VM", "Room", Map.of("Say", Map.of("Id", "m" + m, "Text", "t"))).block(Duration.ofSeconds(5));
      }
      assertThat(pushes.await(10, TimeUnit.SECONDS)).isTrue();
      for (HubClientConnection c : clients) c.close().block(Duration.ofSeconds(5));
    }
    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
    assertThat(meters.get("hubscope.hub.dispatch").tag("call", "update_vm").timer().count()).isEqualTo(20);
  }

  /**
   * The same for the HTTP transports: an event stream, long polls in both protocols (answered by a
   * push, by the poll timeout, superseded by a second poll), sends and DELETE.
   */
  @Test
  void serverSentEventsAndLongPolling_neverBlockAnEventLoop() {
    exerciseHttpTransports();
    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
  }

  private static void exerciseHttpTransports() {
    VMRegistry registry = new VMRegistry().register("Counter", HubRoundTripIT.Counter::new);
    HubTransports transports = HubTransports.defaults().withPollTimeout(Duration.ofMillis(200));
    try (HubTestServer server = new HubTestServer(HubServer.builder().viewModels(ViewModels.of(registry))
        .transports(transports).build())) {
      String request = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Request_VM\",\"arguments\":[\"Counter\",{}]}\u001e";
      HttpTransportClient sse = HttpTransportClient.negotiate(server.url());
      try (HttpTransportClient.EventStream events = sse.eventStream()) {
        sse.post("{\"protocol\":\"json\",\"version\":1}\u001e");
        assertThat(events.next(Duration.ofSeconds(5))).isEqualTo("{}\u001e");
        sse.post(request);
        assertThat(events.next(Duration.ofSeconds(5))).contains("Response_VM");
      }
      for (var protocol : HubProtocols.all()) {
        HttpTransportClient lp = HttpTransportClient.negotiate(server.url());
        assertThat(lp.poll().statusCode()).isEqualTo(200);
        lp.post("{\"protocol\":\"" + protocol.name() + "\",\"version\":1}\u001e");
        assertThat(lp.poll().body()).isNotEmpty();
        // Two polls at once: whichever arrives second answers the first 204 and itself times out 200.
        var one = lp.pollAsync();
        var two = lp.pollAsync();
        assertThat(List.of(one.join().statusCode(), two.join().statusCode())).containsExactlyInAnyOrder(200, 204);
        assertThat(lp.delete().statusCode()).isEqualTo(202);
      }
      assertThat(server.hub().endpoint().socketCount()).isZero();
    }
  }

  /**
   * A stateful reconnect client (a bare socket through a relay) is pushed to, acks, loses its TCP
   * connection, resumes and gets the replay: the numbering, the detach and the resume run on event
   * loops too.
   */
  @Test
  void statefulReconnect_neverBlocksAnEventLoop() {
    warmUp();
    BlockHoundSupport.install();
    try (HubTestServer server = new HubTestServer(HubServer.builder().build());
        TcpRelay relay = new TcpRelay(server.port())) {
      String token = HttpClient.create().post().uri(server.url() + "/negotiate?negotiateVersion=1&useStatefulReconnect=true")
          .responseContent().aggregate().asString().block(Duration.ofSeconds(5))
          .replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
      String ws = "ws://127.0.0.1:" + relay.port() + server.hub().path() + "?id=" + token;
      RawSocket first = RawSocket.connect(ws);
      first.sendText("{\"protocol\":\"json\",\"version\":2}\u001e");
      assertThat(first.next(Duration.ofSeconds(5)).text()).isEqualTo("{}\u001e");
      HubConnection connection = server.hub().connections().all().iterator().next();
      PreparedMessage tick = new PreparedMessage(new InvocationMessage(null, "Tick", List.of()));
      connection.send(tick);
      assertThat(first.nextNonPing(Duration.ofSeconds(5)).text()).contains("Tick");
      first.sendText("{\"type\":8,\"sequenceId\":1}\u001e");
      connection.send(tick);
      relay.cut();
      assertThat(first.awaitClosed(Duration.ofSeconds(5))).isTrue();
      connection.send(tick);

      RawSocket second = RawSocket.connect(ws);
      assertThat(second.nextNonPing(Duration.ofSeconds(5)).text()).startsWith("{\"type\":9");
      assertThat(second.nextNonPing(Duration.ofSeconds(5)).text()).contains("Tick");
      second.sendText("{\"type\":7}\u001e");
      assertThat(second.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
  }

  /** One client first, so that one-off class loading and resource reads happen before the watch. */
  private static void warmUp() {
    VMRegistry registry = new VMRegistry().register("Counter", HubRoundTripIT.Counter::new);
    try (HubTestServer server = new HubTestServer(HubServer.builder().viewModels(ViewModels.of(registry)).build())) {
      for (var protocol : HubProtocols.all()) {
        HubClientConnection c = HubClient.builder(server.url()).protocol(protocol).build().connect()
            .block(Duration.ofSeconds(5));
        c.invoke("Request_VM", "Counter", Map.of()).block(Duration.ofSeconds(5));
        c.invoke("Request_VM", "Nope", Map.of()).onErrorResume(e -> reactor.core.publisher.Mono.empty())
            .block(Duration.ofSeconds(5));
        c.close().block(Duration.ofSeconds(5));
      }
    }
  }
}
