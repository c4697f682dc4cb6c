package io.hubscope.observer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.testing.BlockHoundSupport;
import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * BlockHound watches the event loops while taps ingest, the API answers (including history reads)
 * and live streams run: a blocking call there would fail the request or stream.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=test-ingest-token",
        "spring.datasource.url=jdbc:h2:mem:bh-${random.uuid};DB_CLOSE_DELAY=-1"})
class NonBlockingIT {

  @LocalServerPort int port;

  @BeforeAll
  static void installBlockHound() {
    // Web session ids come from UUID.randomUUID (SecureRandom reading /dev/urandom, which never
    // waits on Linux once seeded). Thymeleaf reads its version file once when it initializes and
    // each template once before caching it (template caching is on, as in production): one-off
    // reads, not per request.
    BlockHoundSupport.install(builder -> builder
        .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
        .allowBlockingCallsInside("org.thymeleaf.TemplateEngine", "initialize")
        .allowBlockingCallsInside("org.thymeleaf.templateparser.markup.AbstractMarkupTemplateParser", "parse"));
  }

  @Test
  void ingestApiAndLiveStreams_neverBlockAnEventLoop() {
    HubClientConnection tap = HubClient.builder("http://localhost:" + port + "/observe")
        .accessToken(ObserverTestSupport.INGEST_TOKEN).build().connect().block(Duration.ofSeconds(10));
    try {
      for (int b = 1; b <= 20; b++) {
        TapBatch batch = TapBatch.from("proxy-bh@host:8082", "proxy").seq(b).host(0.1, 1, 2)
            .open("bh-c" + b, "10.9.0." + b, "BlockHoundProbe/1.0")
            .msg("bh-c" + b, "in", "Update_VM", "Echo", 10, "{}")
            .close("bh-c" + (b - 1), "normal");
        JsonNode result = tap.invoke("Observe", batch.asMap()).block(Duration.ofSeconds(10));
        assertThat(result.get("rejected").asInt()).isZero();
      }
    } finally {
      tap.close().block(Duration.ofSeconds(5));
    }

    var api = ObserverTestSupport.authed(port);
    for (String uri : List.of("/api/v1/summary", "/api/v1/connections?sort=msgsIn,desc", "/api/v1/connections/bh-c20",
        "/api/v1/nodes", "/api/v1/taps", "/api/v1/messages?q=%7B", "/api/v1/throughput",
        "/api/v1/throughput?from=" + (System.currentTimeMillis() - 3_600_000) + "&to=" + System.currentTimeMillis(),
        "/api/v1/history/sessions", "/actuator/prometheus")) {
      api.get().uri(uri).exchange().expectStatus().value(status -> assertThat(status).as(uri).isEqualTo(200));
    }
    for (String stream : List.of("/api/v1/live/summary", "/api/v1/live/connections", "/api/v1/live/nodes?seconds=60",
        "/api/v1/live/messages", "/api/v1/live/connections/bh-c20", "/api/v1/live/throughput")) {
      List<String> events = api.get().uri(stream).accept(MediaType.TEXT_EVENT_STREAM).exchange()
          .expectStatus().isOk().returnResult(String.class).getResponseBody()
          .take(2).collectList().block(Duration.ofSeconds(5));
      assertThat(events).as(stream).hasSize(2);
    }
    ObserverTestSupport.client(port).get().uri("/login").exchange().expectStatus().isOk();
    assertThat(BlockHoundSupport.VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
  }
}
