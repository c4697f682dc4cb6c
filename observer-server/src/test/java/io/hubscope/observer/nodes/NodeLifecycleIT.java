package io.hubscope.observer.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.TestClock;
import io.hubscope.observer.ingest.IngestService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A node's restarts on its REST view, and a node silent past {@code nodes.expire-after} leaving
 * the API and Prometheus, on the running observer with a clock the test moves.
 */
@SpringBootTest(classes = {ObserverApplication.class, NodeLifecycleIT.Clocks.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=t",
        "hubscope.observer.nodes.expire-after=2m",
        "spring.datasource.url=jdbc:h2:mem:lifecycle-${random.uuid};DB_CLOSE_DELAY=-1"})
class NodeLifecycleIT {

  static final String RESTARTING = "proxy-restarting@10.0.0.1:8082";
  static final String SILENT = "proxy-silent@10.0.0.2:8082";
  static final String LIVE = "app-live@10.0.0.3:8081";

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock(System.currentTimeMillis());
    }
  }

  @LocalServerPort int port;
  @Autowired IngestService ingest;
  @Autowired TestClock clock;
  WebTestClient api;

  @BeforeEach
  void client() {
    api = ObserverTestSupport.authed(port);
  }

  @Test
  void restarts_showOnTheNodesView_asIncarnationAndRecentStarts() {
    long t = clock.millis();
    for (int i = 0; i < 3; i++) {
      ingest.ingest(TapBatch.from(RESTARTING, "proxy").startedAt(t - 30_000 + i * 10_000L).seq(1)
          .host(0.2, 1_000, 8_000).json());
    }

    JsonNode node = api.get().uri("/api/v1/nodes/" + RESTARTING + "?seconds=0").exchange()
        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(node.get("id").asString()).isEqualTo(RESTARTING);
    assertThat(node.get("incarnation").asInt()).isEqualTo(3);
    assertThat(node.get("startedAt").asLong()).isEqualTo(t - 10_000);
    assertThat(node.get("starts").valueStream().map(s -> s.get("incarnation").asInt() + "@" + s.get("startedAt").asLong()))
        .containsExactly("3@" + (t - 10_000), "2@" + (t - 20_000), "1@" + (t - 30_000));
  }

  @Test
  void nodeSilentPastExpireAfter_leavesTheApiAndPrometheus_whileALiveOneStays() {
    ingest.ingest(TapBatch.from(SILENT, "proxy").seq(1).host(0.2, 1_000, 8_000).open("lc-1", "10.9.0.1", "ua").json());
    ingest.ingest(TapBatch.from(LIVE, "app").seq(1).host(0.2, 1_000, 8_000).json());
    assertThat(nodeIds()).contains(SILENT, LIVE);
    assertThat(prometheus()).contains("node=\"" + SILENT + "\"");

    clock.advance(Duration.ofMinutes(1));
    ingest.ingest(TapBatch.from(LIVE, "app").seq(2).host(0.2, 1_000, 8_000).json());
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));

    // The expiry runs once a second on its own: wait for it, with a deadline.
    awaitUpTo(Duration.ofSeconds(15), () -> !nodeIds().contains(SILENT));
    assertThat(nodeIds()).contains(LIVE);
    String scrape = prometheus();
    assertThat(scrape).doesNotContain("node=\"" + SILENT + "\"").contains("node=\"" + LIVE + "\"");
    api.get().uri("/api/v1/nodes/" + SILENT).exchange().expectStatus().isNotFound();
    api.get().uri("/api/v1/connections/lc-1").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.connection.state").isEqualTo("closed")
        .jsonPath("$.connection.closeReason").isEqualTo(IngestService.NODE_EXPIRED);
  }

  List<String> nodeIds() {
    JsonNode nodes = api.get().uri("/api/v1/nodes?seconds=0").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    return nodes.valueStream().map(n -> n.get("id").asString()).toList();
  }

  String prometheus() {
    return api.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
  }

  static void awaitUpTo(Duration timeout, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("condition not met within " + timeout).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // between polls, not a wait for time to pass
    }
  }
}
