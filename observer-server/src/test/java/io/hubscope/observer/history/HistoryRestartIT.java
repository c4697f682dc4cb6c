package io.hubscope.observer.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.ingest.IngestService;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * History lives in the database, not in memory: a restarted observer still shows it. Run against
 * the embedded H2 file database (the default) and the real PostgreSQL server (the production store).
 */
class HistoryRestartIT {

  @TempDir static Path dir;

  static Stream<HistoryDatabase> databases() {
    return Stream.of(HistoryDatabase.h2File(dir.resolve("observer")), HistoryDatabase.postgres());
  }

  ConfigurableApplicationContext start(HistoryDatabase db) {
    return new SpringApplicationBuilder(ObserverApplication.class).run(
        "--server.port=0",
        "--hubscope.observer.password=" + ObserverTestSupport.PASSWORD,
        "--spring.datasource.url=" + db.url(),
        "--spring.datasource.username=" + db.username(),
        // Only the explicit flush and the shutdown write, so the test controls what is stored.
        "--hubscope.observer.history.sample-interval=1h");
  }

  @ParameterizedTest
  @MethodSource("databases")
  // JUnit closes each HistoryDatabase argument after its run, dropping the PostgreSQL schema.
  void restartedObserver_showsClosedSessionsAndThroughputFromBefore(HistoryDatabase db) {
    long before = System.currentTimeMillis() - 20_000;
    try (ConfigurableApplicationContext first = start(db)) {
      TapBatch batch = TapBatch.from("proxy-h@host:8082", "proxy").seq(1).at(System.currentTimeMillis() - 10_000)
          .open("hist-c1", "198.51.100.7", "HistoryAgent/2.0")
          .msg("hist-c1", "in", "Request_VM", "Chat", 100, "{}")
          .msg("hist-c1", "out", "Response_VM", "Chat", 300, "[]")
          .fanOut("Chat", 10, 7, "[]")
          .close("hist-c1", "upstream_lost")
          .host(0.4, 100, 200);
      first.getBean(IngestService.class).ingest(batch.json());
      first.getBean(HistoryWriter.class).flush();
    }

    try (ConfigurableApplicationContext second = start(db)) {
      int port = ((WebServerApplicationContext) second).getWebServer().getPort();
      long to = System.currentTimeMillis() + 1_000;
      JsonNode sessions = ObserverTestSupport.authed(port).get()
          .uri("/api/v1/history/sessions?from=" + before + "&to=" + to).exchange()
          .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
      assertThat(sessions.get("total").asInt()).isEqualTo(1);
      JsonNode session = sessions.get("items").get(0);
      assertThat(session.get("id").asString()).isEqualTo("hist-c1");
      assertThat(session.get("closeReason").asString()).isEqualTo("upstream_lost");
      assertThat(session.get("userAgent").asString()).isEqualTo("HistoryAgent/2.0");
      assertThat(session.get("bytesOut").asLong()).isEqualTo(300);

      JsonNode series = ObserverTestSupport.authed(port).get()
          .uri("/api/v1/throughput?from=" + (before - 60_000) + "&to=" + to + "&step=3600").exchange()
          .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
      long msgsOut = 0;
      for (JsonNode v : series.get("msgsOut")) {
        msgsOut += v.asLong();
      }
      assertThat(msgsOut).isEqualTo(1 + 7);
    }
  }
}
