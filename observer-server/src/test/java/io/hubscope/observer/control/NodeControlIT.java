package io.hubscope.observer.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.testing.Inbox;
import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.control.CommandResult.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The observer's end of the control path against stand-in nodes (the hub's own client on the
 * ingest hub, as a tap connects): routing, answers, timeouts, the pending bound, the meter.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=test-ingest-token",
        "spring.datasource.url=jdbc:h2:mem:control-${random.uuid};DB_CLOSE_DELAY=-1",
        "hubscope.observer.control.command-timeout=700ms", "hubscope.observer.control.max-pending-per-node=2"})
class NodeControlIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonNode GREETING = TapBatch.JSON.createObjectNode().put("Greeting", "hi");

  @LocalServerPort int port;
  @Autowired NodeControl control;
  @Autowired TapLinks links;
  @Autowired MeterRegistry meters;
  final List<HubClientConnection> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(n -> n.close().block(WAIT));
  }

  /** A stand-in node: it sends one batch and answers each command with {@code answer} (null: never). */
  record Node(String id, HubClientConnection link, Inbox<JsonNode> commands) {}

  Node node(String id, String role, Function<JsonNode, ObjectNode> answer) {
    Inbox<JsonNode> commands = new Inbox<>();
    HubClientConnection link = HubClient.builder("http://localhost:" + port + "/observe")
        .accessToken(ObserverTestSupport.INGEST_TOKEN).build().connect()
        .doOnNext(c -> c.on("Command", args -> {
          JsonNode command = args.get(0);
          commands.add(command);
          ObjectNode result = answer == null ? null : answer.apply(command);
          if (result != null) c.send("CommandResult", result.put("id", command.get("id").asString())).subscribe();
        }))
        .block(WAIT);
    nodes.add(link);
    link.invoke("Observe", TapBatch.from(id, role).seq(1).asMap()).block(WAIT);
    return new Node(id, link, commands);
  }

  static ObjectNode ok(long affected) {
    return TapBatch.JSON.createObjectNode().put("status", "ok").put("detail", "done").put("affected", affected);
  }

  double count(String outcome) {
    return meters.get("hubscope.observer.commands").tag("outcome", outcome).counter().count();
  }

  CommandResult execute(NodeCommand command) {
    return control.execute(command).block(WAIT);
  }

  @Test
  void disconnect_goesToTheNodeHoldingTheConnection_andReturnsItsAnswer() {
    Node proxy = node("proxy-1@10.0.0.1:8082", "proxy", c -> ok(1));
    Node other = node("proxy-2@10.0.0.2:8082", "proxy", c -> ok(1));
    double before = count("ok");

    CommandResult result = execute(new NodeCommand.Disconnect(proxy.id(), "conn-1", "bye"));

    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.affected()).isEqualTo(1);
    JsonNode sent = proxy.commands().take(WAIT, "the command");
    assertThat(sent.path("type").asString()).isEqualTo("disconnect");
    assertThat(sent.path("connectionId").asString()).isEqualTo("conn-1");
    assertThat(sent.path("reason").asString()).isEqualTo("bye");
    assertThat(other.commands().isEmpty()).isTrue();
    assertThat(count("ok")).isEqualTo(before + 1);
  }

  @Test
  void aRefusal_isRejectedWithTheNodesReason() {
    Node app = node("app-r@10.0.0.3:8081", "app", c -> TapBatch.JSON.createObjectNode().put("status", "rejected")
        .put("detail", "No client connection 'x' on this node"));

    CommandResult result = execute(new NodeCommand.SendToConnection(app.id(), "x", "VM", GREETING));

    assertThat(result.status()).isEqualTo(Status.REJECTED);
    assertThat(result.detail()).contains(app.id()).contains("No client connection 'x'");
  }

  @Test
  void groupAndViewModelSends_goToEveryAppServer_andNotToProxies_addingUpTheClientsReached() {
    Node app1 = node("app-1@10.0.0.1:8081", "app", c -> ok(3));
    Node app2 = node("app-2@10.0.0.2:8081", "app", c -> ok(4));
    Node proxy = node("proxy-g@10.0.0.3:8082", "proxy", c -> ok(100));

    CommandResult group = execute(new NodeCommand.SendToGroup("Room1", "ChatRoomVM", GREETING));
    CommandResult vm = execute(new NodeCommand.SendToViewModel("ChatRoomVM", GREETING));

    assertThat(group.status()).isEqualTo(Status.OK);
    assertThat(group.affected()).isEqualTo(7);
    assertThat(vm.affected()).isEqualTo(7);
    assertThat(app1.commands().take(WAIT, "group send").path("group").asString()).isEqualTo("Room1");
    assertThat(app2.commands().take(WAIT, "group send").path("properties").toString()).isEqualTo("{\"Greeting\":\"hi\"}");
    assertThat(proxy.commands().isEmpty()).isTrue();
  }

  @Test
  void aSendToAConnectionOnAProxy_goesToTheAppServers_whereItIsALogicalConnection() {
    Node proxy = node("proxy-s@10.0.0.4:8082", "proxy", c -> ok(1));
    Node app = node("app-s@10.0.0.4:8081", "app", c -> ok(1));

    CommandResult result = execute(new NodeCommand.SendToConnection(proxy.id(), "c-on-proxy", "VM", GREETING));

    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(app.commands().take(WAIT, "the send").path("connectionId").asString()).isEqualTo("c-on-proxy");
    assertThat(proxy.commands().isEmpty()).isTrue();
  }

  @Test
  void anOversizedCommand_isRejectedBeforeItReachesANode() {
    Node app = node("app-big@10.0.0.10:8081", "app", c -> ok(1));

    CommandResult result = execute(new NodeCommand.SendToGroup("g", "VM",
        TapBatch.JSON.createObjectNode().put("Blob", "x".repeat(70 * 1024))));

    assertThat(result.status()).isEqualTo(Status.REJECTED);
    assertThat(result.detail()).contains("at most 65536");
    assertThat(app.commands().next(Duration.ofMillis(200))).isNull();
    assertThat(app.link().isOpen()).isTrue();
  }

  @Test
  void drain_isOnlyForProxies() {
    Node app = node("app-d@10.0.0.5:8081", "app", c -> ok(0));

    CommandResult result = execute(new NodeCommand.Drain(app.id(), Duration.ofSeconds(5)));

    assertThat(result.status()).isEqualTo(Status.REJECTED);
    assertThat(result.detail()).contains("not a proxy");
    assertThat(app.commands().isEmpty()).isTrue();
  }

  @Test
  void anUnknownNode_isUnreachable_andASilentNode_timesOut_andItsPendingCommandsAreBounded() {
    Node silent = node("proxy-silent@10.0.0.6:8082", "proxy", null);
    double timeouts = count("timeout");

    assertThat(execute(new NodeCommand.Undrain("nobody@nowhere:1")).status()).isEqualTo(Status.UNREACHABLE);
    List<CommandResult> results = reactor.core.publisher.Flux.range(0, 3)
        .flatMap(i -> control.execute(new NodeCommand.Undrain(silent.id()))).collectList().block(WAIT);

    assertThat(results).extracting(CommandResult::status)
        .containsExactlyInAnyOrder(Status.REJECTED, Status.TIMEOUT, Status.TIMEOUT);
    assertThat(results).filteredOn(r -> r.status() == Status.REJECTED).singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("2 commands waiting"));
    assertThat(count("timeout")).isEqualTo(timeouts + 2);
    // The bound is on commands waiting, not a quota: once they timed out, the node takes more.
    assertThat(execute(new NodeCommand.Undrain(silent.id())).status()).isEqualTo(Status.TIMEOUT);
  }

  @Test
  void anAnswerFromAnotherLink_isIgnored() {
    Node silent = node("proxy-quiet@10.0.0.7:8082", "proxy", null);
    Node meddler = node("proxy-meddler@10.0.0.8:8082", "proxy", null);

    reactor.core.publisher.Mono<CommandResult> pending = control.execute(new NodeCommand.Undrain(silent.id())).cache();
    pending.subscribe();
    String id = silent.commands().take(WAIT, "the command").path("id").asString();
    meddler.link().send("CommandResult", ok(99).put("id", id)).block(WAIT);

    assertThat(pending.block(WAIT).status()).isEqualTo(Status.TIMEOUT);
  }

  @Test
  void aNodeWhoseLinkCloses_isUnreachable_atOnce() {
    Node leaving = node("proxy-gone@10.0.0.9:8082", "proxy", null);
    reactor.core.publisher.Mono<CommandResult> pending = control.execute(new NodeCommand.Undrain(leaving.id())).cache();
    pending.subscribe();
    leaving.commands().take(WAIT, "the command");

    leaving.link().close().block(WAIT);

    assertThat(pending.block(WAIT).status()).isEqualTo(Status.UNREACHABLE);
    assertThat(links.get(leaving.id())).isNull();
  }
}
