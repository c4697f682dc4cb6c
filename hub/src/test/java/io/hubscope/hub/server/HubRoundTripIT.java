package io.hubscope.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.Inbox;
import io.hubscope.hub.vm.ListProperty;
import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMRegistry;
import io.hubscope.hub.vm.BaseVM;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Our client against our hub over real sockets, in both hub protocols and both mixed in one group. */
class HubRoundTripIT {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A counter view model with a command. */
  public static final class Counter extends BaseVM {
    final Property<Integer> count = property("Count", 0);

    public Counter() {
      command("Add", Integer.class, n -> count.set(count.get() + n));
    }
  }

  /** A shared room: messages appended by any member reach every member. */
  public static final class Room extends MulticastVM {
    public record Message(String id, String text) {}

    final ListProperty<Message> messages = list("Messages", Message.class, "Id", Message::id);

    public Room() {
      command("Say", Message.class, m -> {
        messages.add(m);
        pushUpdates();
      });
    }
  }

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  HubTestServer server;

  @BeforeEach
  void start() {
    VMRegistry registry = new VMRegistry().register("Counter", Counter::new).registerMulticast("Room", Room::new);
    server = new HubTestServer(HubServer.builder().metrics(metrics).viewModels(ViewModels.of(registry)).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code responses} is filled on the client's event loop, so an inbox: it never parks the loop. */
  record Client(HubClientConnection connection, Inbox<List<JsonNode>> responses) {
    JsonNode next(String vmId) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        List<JsonNode> args = responses.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (args == null) break;
        JsonNode arg = args.get(0);
        if (arg.get(0).asString().equals(vmId)) return JSON.readTree(arg.get(1).asString());
      }
      throw new AssertionError("no Response_VM for " + vmId);
    }
  }

  Client connect(boolean messagePack) {
    Inbox<List<JsonNode>> responses = new Inbox<>();
    HubClientConnection c = HubClient.builder(server.url())
        .protocol(messagePack ? HubProtocols.MESSAGE_PACK : HubProtocols.JSON)
        .userAgent("round-trip-test")
        .build().connect()
        .doOnNext(conn -> conn.on("Response_VM", responses::add))
        .block(WAIT);
    return new Client(c, responses);
  }

  @Test
  void json_and_messagePack_requestUpdateAndCompletion() throws Exception {
    for (boolean messagePack : new boolean[] {false, true}) {
      Client client = connect(messagePack);
      assertThat(client.connection().invoke("Request_VM", "Counter", Map.of("$vmArg", Map.of("Count", 5))).blockOptional(WAIT))
          .isEmpty();
      assertThat(client.next("Counter").get("Count").asInt()).isEqualTo(5);
      client.connection().invoke("Update_VM", "Counter", Map.of("Add", 3)).block(WAIT);
      assertThat(client.next("Counter").get("Count").asInt()).isEqualTo(8);
      assertThat(server.hub().connections().get(client.connection().connectionId()).info().protocol())
          .isEqualTo(messagePack ? "messagepack" : "json");
      client.connection().close().block(WAIT);
    }
  }

  @Test
  void multicast_reachesJsonAndMessagePackMembersOnceEach() throws Exception {
    Client json = connect(false);
    Client pack = connect(true);
    json.connection().invoke("Request_VM", "Room", Map.of()).block(WAIT);
    pack.connection().invoke("Request_VM", "Room", Map.of()).block(WAIT);
    json.next("Room");
    pack.next("Room");
    json.connection().invoke("Update_VM", "Room", Map.of("Say", Map.of("Id", "m1", "Text", "hi"))).block(WAIT);
    for (Client c : List.of(json, pack)) {
      JsonNode added = c.next("Room").get("Messages_add");
      assertThat(added.get("Text").asString()).isEqualTo("hi");
    }
    // Once each: a second message is the very next Room response of each member, so no duplicate
    // of the first came in between. A marker, not a quiet period a loaded machine could cut short.
    json.connection().invoke("Update_VM", "Room", Map.of("Say", Map.of("Id", "m2", "Text", "again"))).block(WAIT);
    for (Client c : List.of(json, pack)) {
      assertThat(c.next("Room").get("Messages_add").get("Text").asString()).isEqualTo("again");
    }
  }

  @Test
  void badArguments_failTheInvocationAndAreCounted() {
    Client client = connect(true);
    client.connection().invoke("Request_VM", "Counter", Map.of()).block(WAIT);
    assertThatThrownBy(() -> client.connection().invoke("Update_VM", "Counter", Map.of("Add", "not a number")).block(WAIT))
        .isInstanceOf(HubInvocationException.class);
    assertThatThrownBy(() -> client.connection().invoke("Request_VM", "Nope", Map.of()).block(WAIT))
        .hasMessageContaining("Nope");
    assertThat(metrics.errors("bad_arguments")).isEqualTo(1);
    assertThat(metrics.errors("unknown_vm")).isEqualTo(1);
    assertThat(client.connection().invoke("Update_VM", "Counter", Map.of("Add", 1)).blockOptional(WAIT)).isEmpty();
  }

  /**
   * A client that answers each push from its handler, on the event loop while it reads: each answer
   * is flushed when the read completes, so a chain of 20 push-answer rounds needs no other traffic
   * to move on (that such answers skip the drain task is OutboundQueueTests' part).
   */
  @Test
  void answersSentFromAHandlerWhileReading_areFlushedWithTheRead() {
    Inbox<Integer> counts = new Inbox<>();
    HubClientConnection c = HubClient.builder(server.url()).build().connect().block(WAIT);
    c.on("Response_VM", args -> {
      int count = JSON.readTree(args.get(0).get(1).asString()).get("Count").asInt();
      counts.add(count);
      if (count < 20) c.invokeIgnoringResult("Update_VM", error -> counts.add(-1), "Counter", Map.of("Add", 1));
    });
    c.invoke("Request_VM", "Counter", Map.of()).block(WAIT);
    for (int expected = 0; expected <= 20; expected++) {
      assertThat(counts.next(WAIT)).isEqualTo(expected);
    }
    c.close().block(WAIT);
  }
}
