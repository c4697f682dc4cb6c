package io.hubscope.app.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.client.CloseInfo;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rolling deploy: 100 chat clients on proxy-1, which is drained. Each is closed with a reconnect
 * hint, reconnects through the app server's negotiate redirect (which now skips proxy-1) and lands
 * on proxy-2 within the drain time; none misses a chat message posted meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hubscope.app.shared-secret=" + ForwardingStack.SECRET,
    "hubscope.app.redirect-to-proxies=true"})
class DrainIT {

  static final int CLIENTS = 100;
  static final Duration SPREAD = Duration.ofSeconds(3);

  @LocalServerPort int port;
  @Autowired ForwardReceiver receiver;

  final ForwardingStack stack = new ForwardingStack();
  final List<ChatClient> clients = new ArrayList<>();

  String appUrl() {
    return "http://127.0.0.1:" + port + "/dotnetify";
  }

  @AfterEach
  void close() {
    clients.forEach(ChatClient::stop);
    stack.close();
  }

  /** A chat member that reconnects (through the app server) when the server asks it to, and rejoins. */
  final class ChatClient {
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    final AtomicInteger reconnects = new AtomicInteger();
    volatile HubClientConnection connection;
    volatile boolean stopped;

    Mono<Void> join() {
      return HubClient.builder(appUrl()).build().connect()
          .doOnNext(c -> {
            connection = c;
            c.on("Response_VM", args -> received(args.get(0)));
            c.closed().subscribe(this::closed);
          })
          .flatMap(c -> {
            ObjectNode data = TestClient.JSON.createObjectNode();
            data.putObject("$vmArg").put("ChatRoom", "Room1");
            return c.invoke("Request_VM", "ChatRoomVM", data);
          })
          .then();
    }

    void received(JsonNode pair) {
      if (!"ChatRoomVM".equals(pair.get(0).asString())) return;
      JsonNode data = TestClient.JSON.readTree(pair.get(1).asString());
      for (String list : new String[] {"Messages", "Messages_add"}) {
        JsonNode m = data.path(list);
        if (m.isArray()) m.forEach(item -> seen.add(item.path("MessageId").asString()));
        else if (m.isObject()) seen.add(m.path("MessageId").asString());
      }
    }

    void closed(CloseInfo info) {
      if (stopped || !info.allowReconnect()) return;
      reconnects.incrementAndGet();
      // As the official clients do: back to the URL it was given (the app server), a few tries.
      join().retryWhen(Retry.fixedDelay(100, Duration.ofMillis(100))).subscribe(null, e -> {});
    }

    void stop() {
      stopped = true;
      HubClientConnection c = connection;
      if (c != null) c.close().block(WAIT);
    }
  }

  @Test
  void drainingProxy1_movesAllItsChatClientsToProxy2_withinTheDrainTime_andNoneMissesAMessage() {
    ForwardingStack.Proxy one = stack.redirectTarget(this::appUrl, "drain-one");
    one.forwarder().reportDraining(one.server.hub()::draining); // as proxy-agent wires it
    assertThat(Await.until(() -> receiver.directory().proxies().size() == 1, WAIT)).isTrue();
    for (int i = 0; i < CLIENTS; i++) {
      ChatClient c = new ChatClient();
      c.join().block(WAIT);
      clients.add(c);
    }
    assertThat(one.forwarder().pool().clients()).isEqualTo(CLIENTS);
    ForwardingStack.Proxy two = stack.redirectTarget(this::appUrl, "drain-two");
    two.forwarder().reportDraining(two.server.hub()::draining);
    assertThat(Await.until(() -> receiver.directory().proxies().size() == 2, WAIT)).isTrue();
    TestClient sender = stack.track(TestClient.connect(appUrl()));
    assertThat(two.forwarder().pool().clients()).as("the sender, on the least-loaded proxy").isEqualTo(1);
    sender.request("ChatRoomVM", Map.of("ChatRoom", "Room1"));

    long start = System.nanoTime();
    assertThat(one.server.hub().drain(SPREAD)).isEqualTo(CLIENTS);
    // A message every 40 ms until every client has moved (or a second past the spread).
    List<String> posted = new ArrayList<>();
    long end = start + SPREAD.toNanos() + Duration.ofSeconds(1).toNanos();
    Flux.interval(Duration.ofMillis(40)).onBackpressureDrop()
        .takeWhile(seq -> System.nanoTime() < end && !(one.forwarder().pool().clients() == 0
            && two.forwarder().pool().clients() == CLIENTS + 1))
        .concatMap(seq -> sender.update("ChatRoomVM", Map.of("SendMessage", Map.of("MessageId", "m" + seq,
            "SenderId", sender.connectionId(), "Time", 0, "Sequence", seq, "Text", "during the drain")))
            .doOnSuccess(done -> posted.add("m" + seq)))
        .blockLast(SPREAD.plus(WAIT));
    boolean moved = Await.until(() -> one.forwarder().pool().clients() == 0
        && two.forwarder().pool().clients() == CLIENTS + 1, Duration.ofMillis(
            Math.max(0, (start + SPREAD.toNanos() + Duration.ofSeconds(2).toNanos() - System.nanoTime()) / 1_000_000)));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(moved).as("all clients on proxy-2 %d ms after the drain began (spread %s)", tookMillis, SPREAD).isTrue();
    assertThat(clients).allSatisfy(c -> assertThat(c.reconnects.get()).isEqualTo(1));
    assertThat(clients).allSatisfy(c -> assertThat(two.server.hub().connections().get(c.connection.connectionId()))
        .isNotNull());
    assertThat(posted).hasSizeGreaterThan(10);
    assertThat(Await.until(() -> clients.stream().allMatch(c -> c.seen.containsAll(posted)), WAIT))
        .as("every client saw every message; misses: %s", clients.stream()
            .mapToLong(c -> posted.stream().filter(id -> !c.seen.contains(id)).count()).sum())
        .isTrue();
  }
}
