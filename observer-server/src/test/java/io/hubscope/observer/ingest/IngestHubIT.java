package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.testing.RawSocket;
import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** A tap's view of the ingest hub: negotiate with the token, then Observe(batch) over WebSocket. */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=test-ingest-token",
        "spring.datasource.url=jdbc:h2:mem:hub-${random.uuid};DB_CLOSE_DELAY=-1"})
class IngestHubIT {

  static final char RS = '\u001e';

  @LocalServerPort int port;

  @Test
  void negotiate_refusesAMissingOrWrongToken() {
    WebTestClient client = ObserverTestSupport.client(port);
    client.post().uri("/observe/negotiate?negotiateVersion=1").exchange().expectStatus().isUnauthorized();
    client.post().uri("/observe/negotiate?negotiateVersion=1").header("Authorization", "Bearer nope")
        .exchange().expectStatus().isUnauthorized();
    client.post().uri("/observe/negotiate?negotiateVersion=1&access_token=nope")
        .exchange().expectStatus().isUnauthorized();
  }

  @Test
  void observe_appliesTheBatchAndCompletesWithAcceptedAndRejected() throws Exception {
    JsonNode negotiated = ObserverTestSupport.client(port).post()
        .uri("/observe/negotiate?negotiateVersion=1")
        .header("Authorization", "Bearer " + ObserverTestSupport.INGEST_TOKEN)
        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    String token = negotiated.get("connectionToken").asString();

    TapBatch batch = TapBatch.from("proxy-hub@host:8082", "proxy").seq(1)
        .open("hub-c1", "192.0.2.10", "HubTapTest/1.0")
        .msg("hub-c1", "in", "Request_VM", "HelloWorld", 42, "{\"vm\":1}")
        .raw(Map.of("type", "nonsense", "ts", 1));
    String invocation = TapBatch.JSON.writeValueAsString(Map.of("type", 1, "invocationId", "1",
        "target", "Observe", "arguments", List.of(batch.asMap())));

    try (RawSocket socket = RawSocket.connect("ws://localhost:" + port + "/observe?id=" + token
        + "&access_token=" + ObserverTestSupport.INGEST_TOKEN)) {
      assertThat(socket.handshake("json").text()).startsWith("{}");
      socket.sendText(invocation + RS);
      String completion = socket.nextNonPing(Duration.ofSeconds(5)).text();
      JsonNode message = TapBatch.JSON.readTree(completion.substring(0, completion.indexOf(RS)));

      assertThat(message.get("type").asInt()).isEqualTo(3);
      assertThat(message.get("invocationId").asString()).isEqualTo("1");
      assertThat(message.get("result").get("accepted").asInt()).isEqualTo(2);
      assertThat(message.get("result").get("rejected").asInt()).isEqualTo(1);
    }

    ObserverTestSupport.authed(port).get().uri("/api/v1/connections/hub-c1").exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.connection.ip").isEqualTo("192.0.2.10")
        .jsonPath("$.connection.userAgent").isEqualTo("HubTapTest/1.0")
        .jsonPath("$.recentIn[0].vm").isEqualTo("HelloWorld");
  }
}
