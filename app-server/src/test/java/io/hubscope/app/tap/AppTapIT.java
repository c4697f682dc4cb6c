package io.hubscope.app.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.testing.HttpTransportClient;
import io.hubscope.tap.testing.FakeObserver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The app server's tap, configured by {@code hubscope.tap.*}: its direct clients reach the observer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppTapIT {

  static final FakeObserver OBSERVER = new FakeObserver();
  static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void tap(DynamicPropertyRegistry registry) {
    registry.add("hubscope.tap.url", OBSERVER::url);
    registry.add("hubscope.tap.token", () -> FakeObserver.TOKEN);
    registry.add("hubscope.tap.node-name", () -> "app-it");
    registry.add("hubscope.tap.linger", () -> "20ms");
  }

  @AfterAll
  static void stopObserver() {
    OBSERVER.close();
  }

  @Test
  void tap_mirrorsDirectClients_asAnAppNode() {
    HubClientConnection client = HubClient.builder("http://127.0.0.1:" + port + "/dotnetify")
        .userAgent("app-tap-it").build().connect().block(WAIT);
    client.invoke("Request_VM", "HelloWorld", Map.of()).block(WAIT);
    String id = client.connectionId();

    JsonNode open = OBSERVER.await(e -> "open".equals(e.path("type").asString()) && id.equals(e.path("conn").asString()), WAIT);
    assertThat(open).isNotNull();
    assertThat(open.path("ua").asString()).isEqualTo("app-tap-it");
    assertThat(open.path("transport").asString()).isEqualTo("WebSockets");
    assertThat(OBSERVER.await(e -> "msg".equals(e.path("type").asString()) && id.equals(e.path("conn").asString())
        && "Request_VM".equals(e.path("call").asString()) && "HelloWorld".equals(e.path("vm").asString()), WAIT)).isNotNull();
    assertThat(OBSERVER.await(e -> "msg".equals(e.path("type").asString()) && id.equals(e.path("conn").asString())
        && "out".equals(e.path("dir").asString()), WAIT)).isNotNull();
    assertThat(OBSERVER.events().stream().filter(e -> "msg".equals(e.path("type").asString())
        && "Request_VM".equals(e.path("call").asString()))).as("each call mirrored once").hasSize(1);
    assertThat(OBSERVER.batches().get(0).at("/node/role").asString()).isEqualTo("app");
    assertThat(OBSERVER.batches().get(0).at("/node/name").asString()).isEqualTo("app-it");
    client.close().block(WAIT);
  }

  @Test
  void tap_reportsEachClientsTransport() {
    HttpTransportClient polling = HttpTransportClient.negotiate("http://127.0.0.1:" + port + "/dotnetify");
    polling.poll();
    polling.post("{\"protocol\":\"json\",\"version\":1}\u001e");
    polling.poll();

    JsonNode open = OBSERVER.await(e -> "open".equals(e.path("type").asString())
        && "LongPolling".equals(e.path("transport").asString()), WAIT);
    assertThat(open).as("open event of the long-polling client").isNotNull();
    assertThat(open.path("protocol").asString()).isEqualTo("json");
    assertThat(polling.delete().statusCode()).isEqualTo(202);
    String id = open.path("conn").asString();
    assertThat(OBSERVER.await(e -> "close".equals(e.path("type").asString()) && id.equals(e.path("conn").asString()),
        WAIT)).isNotNull();
  }

  @Test
  void theObserversCommands_areCarriedOut_onThisHub_butADrainIsRefused() {
    tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
    java.util.List<JsonNode> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
    HubClientConnection client = HubClient.builder("http://127.0.0.1:" + port + "/dotnetify").build().connect()
        .doOnNext(c -> c.on("Response_VM", args -> pushes.add(args.get(0)))).block(WAIT);
    assertThat(io.hubscope.forward.testing.Await.until(() -> OBSERVER.negotiations() > 0, WAIT)).isTrue();

    OBSERVER.command(json.createObjectNode().put("id", "app-send").put("type", "sendToConnection")
        .put("connectionId", client.connectionId()).put("vmId", "Notice")
        .set("properties", json.createObjectNode().put("Text", "from the operator")));
    OBSERVER.command(json.createObjectNode().put("id", "app-drain").put("type", "drain").put("spreadMillis", 10));

    assertThat(OBSERVER.awaitResult("app-send", WAIT).path("status").asString()).isEqualTo("ok");
    assertThat(io.hubscope.forward.testing.Await.until(() -> pushes.stream()
        .anyMatch(p -> p.get(1).asString().contains("from the operator")), WAIT)).isTrue();
    assertThat(OBSERVER.awaitResult("app-drain", WAIT).path("detail").asString()).contains("Only a proxy");
    assertThat(client.isOpen()).isTrue();
    client.close().block(WAIT);
  }
}
