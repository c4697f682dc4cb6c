package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubConnectException;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.nodes.NodeRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** A tap's view of the ingest hub, through the hub's own client: token at negotiate, then Observe. */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=test-ingest-token",
        "spring.datasource.url=jdbc:h2:mem:hub-${random.uuid};DB_CLOSE_DELAY=-1"})
class IngestHubIT {

  private static final Logger log = LoggerFactory.getLogger(IngestHubIT.class);

  @LocalServerPort int port;
  @Autowired IngestService ingest;
  @Autowired NodeRegistry nodes;

  HubClient tap(String token) {
    HubClient.Builder builder = HubClient.builder("http://localhost:" + port + "/observe");
    if (token != null) {
      builder.accessToken(token);
    }
    return builder.build();
  }

  @Test
  void negotiate_refusesAMissingOrWrongToken() {
    WebTestClient client = ObserverTestSupport.client(port);
    client.post().uri("/observe/negotiate?negotiateVersion=1").exchange().expectStatus().isUnauthorized();
    client.post().uri("/observe/negotiate?negotiateVersion=1").header("Authorization", "Bearer nope")
        .exchange().expectStatus().isUnauthorized();

    assertThatThrownBy(() -> tap("nope").connect().block(Duration.ofSeconds(10)))
        .isInstanceOf(HubConnectException.class).hasMessageContaining("401");
    assertThatThrownBy(() -> tap(null).connect().block(Duration.ofSeconds(10)))
        .isInstanceOf(HubConnectException.class).hasMessageContaining("401");
  }

  /** The hub hands Observe each batch as JSON text; a MessagePack tap's arrives written out as JSON. */
  @Test
  void observe_overMessagePack_isAppliedAsOverJson() {
    TapBatch batch = TapBatch.from("proxy-pack@host:8082", "proxy").seq(1)
        .open("pack-c1", "192.0.2.11", "PackTapTest/1.0")
        .msg("pack-c1", "in", "Update_VM", "HelloWorld", 7, "{\"é\":1}")
        .raw(Map.of("type", "msg", "ts", "not a number"));

    HubClientConnection connection = HubClient.builder("http://localhost:" + port + "/observe")
        .accessToken(ObserverTestSupport.INGEST_TOKEN).protocol(HubProtocols.MESSAGE_PACK).build()
        .connect().block(Duration.ofSeconds(10));
    try {
      JsonNode result = connection.invoke("Observe", batch.asMap()).block(Duration.ofSeconds(10));
      assertThat(result.get("accepted").asInt()).isEqualTo(2);
      assertThat(result.get("rejected").asInt()).isEqualTo(1);
    } finally {
      connection.close().block(Duration.ofSeconds(5));
    }

    ObserverTestSupport.authed(port).get().uri("/api/v1/connections/pack-c1").exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.connection.userAgent").isEqualTo("PackTapTest/1.0")
        .jsonPath("$.recentIn[0].payload").isEqualTo("{\"é\":1}");
  }

  @Test
  void observe_appliesTheBatchAndCompletesWithAcceptedAndRejected() {
    TapBatch batch = TapBatch.from("proxy-hub@host:8082", "proxy").seq(1)
        .open("hub-c1", "192.0.2.10", "HubTapTest/1.0")
        .msg("hub-c1", "in", "Request_VM", "HelloWorld", 42, "{\"vm\":1}")
        .raw(Map.of("type", "nonsense", "ts", 1));

    HubClientConnection connection = tap(ObserverTestSupport.INGEST_TOKEN).connect().block(Duration.ofSeconds(10));
    try {
      JsonNode result = connection.invoke("Observe", batch.asMap()).block(Duration.ofSeconds(10));
      assertThat(result.get("accepted").asInt()).isEqualTo(2);
      assertThat(result.get("rejected").asInt()).isEqualTo(1);
    } finally {
      connection.close().block(Duration.ofSeconds(5));
    }

    ObserverTestSupport.authed(port).get().uri("/api/v1/connections/hub-c1").exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.connection.ip").isEqualTo("192.0.2.10")
        .jsonPath("$.connection.userAgent").isEqualTo("HubTapTest/1.0")
        .jsonPath("$.recentIn[0].vm").isEqualTo("HelloWorld");
  }

  /**
   * 30,000 connections are about 8 MB of resync, twice what the ingest hub takes in one message
   * (4 MiB): as a tap sends them, in chunks of 500, each a batch well under the limit.
   */
  @Test
  void observe_chunkedResyncOfThirtyThousandConnections_keepsThemAll_andClosesTheUnlistedAfterTheLast() {
    String node = "proxy-resync@host:8084";
    int total = 30_000;
    int perChunk = 500;
    HubClientConnection connection = tap(ObserverTestSupport.INGEST_TOKEN).connect().block(Duration.ofSeconds(10));
    try {
      TapBatch stale = TapBatch.from(node, "proxy").seq(1);
      for (int i = 0; i < 10; i++) {
        stale.open("gone-" + i, "192.0.2.20", "HubTapTest/1.0");
      }
      connection.invoke("Observe", stale.asMap()).block(Duration.ofSeconds(10));
      int parts = total / perChunk;
      for (int part = 0; part < parts; part++) {
        List<Map<String, Object>> conns = new ArrayList<>(perChunk);
        for (int i = part * perChunk; i < (part + 1) * perChunk; i++) {
          conns.add(TapBatch.openFields("resync-" + i, "192.0.2.21", "Mozilla/5.0 (X11; Linux x86_64) HubTapTest/1.0",
              System.currentTimeMillis()));
        }
        TapBatch chunk = TapBatch.from(node, "proxy").seq(part + 2).resync(9, part, part == parts - 1, conns);
        assertThat(chunk.text().length()).isLessThan(256 * 1024);
        JsonNode result = connection.invoke("Observe", chunk.asMap()).block(Duration.ofSeconds(10));
        assertThat(result.get("accepted").asInt()).isEqualTo(1);
        if (part == parts - 2) {
          assertThat(nodes.get(node).activeConnections()).as("nothing closed before the last chunk")
              .isEqualTo(total - perChunk + 10);
        }
      }
    } finally {
      connection.close().block(Duration.ofSeconds(5));
    }

    assertThat(nodes.get(node).activeConnections()).isEqualTo(total);
    assertThat(nodes.get(node).openConnectionIds()).noneMatch(id -> id.startsWith("gone-"));
    ObserverTestSupport.authed(port).get().uri("/api/v1/connections/gone-3").exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.connection.closeReason").isEqualTo("unknown");
  }

  /**
   * Measures the whole path (client encoding, WebSocket, JSON parsing, dispatch, ingest) with one
   * tap keeping four batches in flight, client and observer sharing this JVM; the rate is logged.
   */
  @Test
  void observe_overTheWire_absorbsTensOfThousandsOfEventsPerSecond() {
    String node = "proxy-wire@host:8083";
    List<Map<String, Object>> batches = new ArrayList<>();
    String payload = "{\"Update\":{\"Symbol\":\"ACME\",\"Price\":123.45,\"Change\":-0.12}}";
    for (int b = 0; b < 200; b++) {
      TapBatch batch = TapBatch.from(node, "proxy").seq(b + 1);
      for (int e = 0; e < 1_000; e++) {
        batch.msg("wire-c" + (e % 500), e % 2 == 0 ? "in" : "out", "Update_VM", "StockTicker", payload.length(), payload);
      }
      batches.add(batch.asMap());
    }
    HubClientConnection connection = tap(ObserverTestSupport.INGEST_TOKEN).connect().block(Duration.ofSeconds(10));
    try {
      long start = System.nanoTime();
      Long accepted = Flux.fromIterable(batches)
          .flatMap(b -> connection.invoke("Observe", b), 4)
          .map(r -> r.get("accepted").asLong())
          .reduce(0L, Long::sum)
          .block(Duration.ofSeconds(60));
      double rate = accepted / ((System.nanoTime() - start) / 1e9);
      log.info("Over the wire: {} events accepted at {} events/s", accepted, String.format("%,.0f", rate));
      assertThat(accepted).isEqualTo(200_000);
      assertThat(rate).isGreaterThan(10_000);
    } finally {
      connection.close().block(Duration.ofSeconds(5));
    }
  }
}
