package io.hubscope.hub.client;

import io.hubscope.hub.transport.TransportType;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.Inbox;
import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Our client against our hub over every transport it can use, in every protocol the transport carries. */
class HubClientTransportsIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A counter with a command, so an update answers with a push of the changed property. */
  public static final class Counter extends BaseVM {
    final Property<Integer> count = property("Count", 0);

    public Counter() {
      command("Add", Integer.class, n -> count.set(count.get() + n));
    }
  }

  HubTestServer server;

  @BeforeEach
  void start() {
    server = new HubTestServer(HubServer.builder()
        .viewModels(ViewModels.of(new VMRegistry().register("Counter", Counter::new))).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of(TransportType.WEB_SOCKETS, HubProtocols.JSON),
        Arguments.of(TransportType.WEB_SOCKETS, HubProtocols.MESSAGE_PACK),
        Arguments.of(TransportType.SERVER_SENT_EVENTS, HubProtocols.JSON),
        Arguments.of(TransportType.LONG_POLLING, HubProtocols.JSON),
        Arguments.of(TransportType.LONG_POLLING, HubProtocols.MESSAGE_PACK));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transports")
  void requestUpdateBurstAndClose_overEveryTransport(TransportType transport, HubProtocol protocol) {
    Inbox<List<JsonNode>> responses = new Inbox<>();
    HubClientConnection c = HubClient.builder(server.url()).transport(transport).protocol(protocol)
        .build().connect()
        .doOnNext(conn -> conn.on("Response_VM", responses::add))
        .block(WAIT);

    c.invoke("Request_VM", "Counter", Map.of("$vmArg", Map.of("Count", 5))).block(WAIT);
    assertThat(next(responses).get("Count").asInt()).isEqualTo(5);
    // A burst: many sends while a POST is out go together in the next one, still in order.
    for (int i = 1; i <= 50; i++) {
      c.send("Update_VM", "Counter", Map.of("Add", 1)).subscribe();
    }
    for (int i = 1; i <= 50; i++) {
      assertThat(next(responses).get("Count").asInt()).isEqualTo(5 + i);
    }
    assertThat(server.hub().connections().get(c.connectionId()).info().transport())
        .isEqualToIgnoringCase(transport.wireName());

    c.close().block(WAIT);
    assertThat(c.closed().block(WAIT).reason()).isEqualTo(CloseInfo.Reason.LOCAL_CLOSE);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.hub().connections().get(c.connectionId()) != null && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(server.hub().connections().get(c.connectionId())).as("the server saw the close").isNull();
  }

  private static JsonNode next(Inbox<List<JsonNode>> responses) {
    List<JsonNode> args = responses.take(WAIT, "Response_VM");
    return JSON.readTree(args.get(0).get(1).asString());
  }
}
