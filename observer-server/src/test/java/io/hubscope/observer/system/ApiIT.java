package io.hubscope.observer.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.history.HistoryWriter;
import io.hubscope.observer.ingest.IngestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=t",
        "spring.datasource.url=jdbc:h2:mem:api-${random.uuid};DB_CLOSE_DELAY=-1"})
class ApiIT {

  static final String NODE = "proxy-api@host:8082";
  static final String SECRET_UA = "SecretAgent/7.0 (Unit; Test)";

  @LocalServerPort int port;
  @Autowired IngestService ingest;
  @Autowired HistoryWriter history;
  @Autowired HealthEndpointGroups health;
  WebTestClient anonymous;
  WebTestClient api;

  @BeforeEach
  void feed() {
    anonymous = ObserverTestSupport.client(port);
    api = ObserverTestSupport.authed(port);
    if (ingest.batches() > 0) {
      return;
    }
    TapBatch open = TapBatch.from(NODE, "proxy").seq(1).dropped("queue_full", 4)
        .host(0.3, 1_000, 8_000, 300, 120, 1_024);
    for (int i = 0; i < 30; i++) {
      open.open("api-c" + i, (i % 2 == 0 ? "10.1.0." : "10.2.0.") + i, i == 7 ? SECRET_UA : "Mozilla/5.0 Firefox/128.0");
    }
    ingest.ingest(open.json());
    TapBatch traffic = TapBatch.from(NODE, "proxy").seq(2);
    for (int i = 0; i < 30; i++) {
      for (int k = 0; k < i; k++) {
        traffic.msg("api-c" + i, "in", "Update_VM", i < 10 ? "Chat" : "Echo", 10, "{\"n\":" + i + "}");
      }
    }
    ingest.ingest(traffic.close("api-c29", "normal").json());
  }

  @Test
  void anonymousApiAndPrometheus_get401_healthIsOpen() {
    anonymous.get().uri("/api/v1/summary").exchange().expectStatus().isUnauthorized()
        .expectHeader().valueMatches("WWW-Authenticate", "Basic.*");
    anonymous.get().uri("/api/v1/summary").header("X-Requested-With", "fetch").exchange()
        .expectStatus().isUnauthorized().expectHeader().doesNotExist("WWW-Authenticate");
    anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
    anonymous.get().uri("/api/v1/live/summary").exchange().expectStatus().isUnauthorized();
    // Health is public but shows no details (no components, disk path or database).
    anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
    api.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    ObserverTestSupport.client(port).mutate().defaultHeaders(h -> h.setBasicAuth("admin", "wrong")).build()
        .get().uri("/api/v1/summary").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void readiness_followsIngestAndTheDatabase_livenessOnlyTheProcess() {
    assertThat(health.get("readiness").isMember("db")).isTrue();
    assertThat(health.get("readiness").isMember("ingest")).isTrue();
    assertThat(health.get("liveness").isMember("db")).isFalse();
    assertThat(health.get("liveness").isMember("ingest")).isFalse();
    anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
        .expectBody().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);

    history.stop();
    try {
      anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503)
          .expectBody().json("{\"status\":\"DOWN\"}", JsonCompareMode.STRICT);
      anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
          .expectBody().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
    } finally {
      history.start();
    }
    anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
  }

  @Test
  void summary_showsCountsAndCarriesSecurityHeaders() {
    api.get().uri("/api/v1/summary").exchange().expectStatus().isOk()
        .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self'.*")
        .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
        .expectBody()
        .jsonPath("$.activeConnections").isEqualTo(29)
        .jsonPath("$.tapDropped").isEqualTo(4)
        .jsonPath("$.topology[0].id").isEqualTo(NODE)
        .jsonPath("$.topology[0].connections").isEqualTo(29);
    api.get().uri("/api/v1/nodes/" + NODE).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.msgsIn").isEqualTo(435)
        .jsonPath("$.bytesIn").isEqualTo(4350);
  }

  @Test
  void connections_filterSortAndPage() {
    JsonNode page = api.get().uri("/api/v1/connections?ip=10.1.&sort=msgsIn,desc&size=5&page=1")
        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

    assertThat(page.get("total").asInt()).isEqualTo(15);
    assertThat(page.get("page").asInt()).isEqualTo(1);
    List<String> ids = page.get("items").values().stream().map(n -> n.get("id").asString()).toList();
    assertThat(ids).containsExactly("api-c18", "api-c16", "api-c14", "api-c12", "api-c10");

    api.get().uri("/api/v1/connections?vm=Chat&ua=firefox&sort=id,asc&size=100").exchange()
        .expectBody().jsonPath("$.total").isEqualTo(8);
    api.get().uri("/api/v1/connections?q=secretagent").exchange()
        .expectBody().jsonPath("$.items[0].id").isEqualTo("api-c7");
    api.get().uri("/api/v1/connections?state=closed").exchange()
        .expectBody().jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].closeReason").isEqualTo("normal");
  }

  @Test
  void badParameters_get400ProblemDetails() {
    for (String uri : List.of("/api/v1/connections?sort=nope", "/api/v1/connections?size=0",
        "/api/v1/connections?state=maybe", "/api/v1/messages?dir=up", "/api/v1/messages?limit=x",
        "/api/v1/throughput?from=20&to=10", "/api/v1/throughput?from=yesterday&to=10",
        "/api/v1/history/sessions?from=5&to=5", "/api/v1/live/connections?sort=ip,sideways")) {
      String path = uri.substring(0, uri.indexOf('?'));
      // What the dashboard sends: fetch asks for JSON, EventSource for an event stream.
      MediaType accept = path.startsWith("/api/v1/live/") ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON;
      api.get().uri(uri).accept(accept).exchange().expectStatus().isBadRequest()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type").isEqualTo("about:blank")
          .jsonPath("$.title").isEqualTo("Bad Request")
          .jsonPath("$.status").isEqualTo(400)
          .jsonPath("$.instance").isEqualTo(path)
          .jsonPath("$.detail").value(m -> assertThat((String) m).as(uri).isNotBlank());
    }
  }

  @Test
  void outOfRangeParameter_isNamedWithItsRange() {
    api.get().uri("/api/v1/throughput?seconds=901").exchange().expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.parameter").isEqualTo("seconds")
        .jsonPath("$.detail").isEqualTo("seconds must be between 1 and 900: 901");
    api.get().uri("/api/v1/nodes?seconds=soon").exchange().expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.parameter").isEqualTo("seconds")
        .jsonPath("$.detail").isEqualTo("seconds must be a whole number: soon");
  }

  @Test
  void throughput_acceptsItsDefaultWindowOf900Seconds() {
    for (String uri : List.of("/api/v1/throughput", "/api/v1/throughput?seconds=900")) {
      api.get().uri(uri).exchange().expectStatus().isOk()
          .expectBody().jsonPath("$.t.length()").isEqualTo(900);
    }
  }

  @Test
  void unknownThingsAndRoutes_get404ProblemDetails() {
    api.get().uri("/api/v1/connections/nobody").exchange().expectStatus().isNotFound()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(404)
        .jsonPath("$.detail").value(m -> assertThat((String) m).contains("nobody"))
        .jsonPath("$.instance").isEqualTo("/api/v1/connections/nobody");
    api.get().uri("/api/v1/no-such-thing").exchange().expectStatus().isNotFound()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.title").isEqualTo("Not Found").jsonPath("$.status").isEqualTo(404);
  }

  @Test
  void refusals_areProblemDetails() {
    anonymous.get().uri("/api/v1/summary").exchange().expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.title").isEqualTo("Unauthorized")
        .jsonPath("$.instance").isEqualTo("/api/v1/summary")
        .jsonPath("$.detail").value(m -> assertThat((String) m).contains("login"));
    // The API takes no writes; a state-changing request without the session's CSRF token is refused first.
    api.post().uri("/api/v1/summary").exchange().expectStatus().isForbidden()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(403).jsonPath("$.detail").value(m -> assertThat((String) m).contains("CSRF"));
  }

  @Test
  void actions_onANodeWithoutALiveTapLink_answer503_andAreAudited() {
    // The node is known from its batches but holds no tap link to this observer: the real node
    // control finds no one to carry the command.
    WebTestClient admin = ObserverTestSupport.withCsrf(api);
    admin.post().uri("/api/v1/nodes/" + NODE + "/undrain").exchange().expectStatus().isEqualTo(503)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("No live tap link to " + NODE));
    api.get().uri("/api/v1/audit?action=node.undrain").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[0].status").isEqualTo("unreachable").jsonPath("$.items[0].user").isEqualTo("admin");
  }

  @Test
  void connectionDetail_messagesNodesAndTaps() {
    api.get().uri("/api/v1/connections/api-c3").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.connection.msgsIn").isEqualTo(3)
        .jsonPath("$.recentIn[0].payload").isEqualTo("{\"n\":3}")
        .jsonPath("$.headers.Origin").isEqualTo("http://localhost");
    api.get().uri("/api/v1/messages?conn=api-c5&limit=2").exchange().expectBody()
        .jsonPath("$.length()").isEqualTo(2).jsonPath("$[0].conn").isEqualTo("api-c5");
    api.get().uri("/api/v1/nodes").exchange().expectBody()
        .jsonPath("$[0].id").isEqualTo(NODE)
        .jsonPath("$[0].host.cpuSystem").isEqualTo(0.3)
        .jsonPath("$[0].series.cpuSystem[0]").isEqualTo(0.3)
        .jsonPath("$[0].host.rss").isEqualTo(300)
        .jsonPath("$[0].host.heapUsed").isEqualTo(120)
        .jsonPath("$[0].host.heapMax").isEqualTo(1_024)
        .jsonPath("$[0].series.rss[0]").isEqualTo(300);
    api.get().uri("/api/v1/taps").exchange().expectBody()
        .jsonPath("$[0].node").isEqualTo(NODE).jsonPath("$[0].batches").isEqualTo(2).jsonPath("$[0].droppedByCause.queue_full").isEqualTo(4);
    api.get().uri("/api/v1/throughput?window=live&seconds=60").exchange().expectBody()
        .jsonPath("$.t.length()").isEqualTo(60);
  }

  @Test
  void prometheus_hasTheMetersAndNoConnectionIpOrUserAgentLabels() {
    String body = api.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();

    assertThat(body).contains("hubscope_observer_node_connections{", "node=\"" + NODE + "\"",
        "hubscope_observer_node_messages_total{", "direction=\"in\"", "hubscope_observer_node_bytes_total{",
        "hubscope_observer_node_tap_dropped_total{", "cause=\"queue_full\"", "hubscope_observer_node_cpu{",
        "hubscope_observer_node_memory_bytes{", "hubscope_observer_node_process_memory_bytes{", "kind=\"rss\"",
        "hubscope_observer_node_tap_queue_depth{", "hubscope_observer_connection_duration_seconds_bucket{",
        "hubscope_observer_ingest_events_total{", "result=\"rejected\"");
    assertThat(body).doesNotContain("api-c", "10.1.0.", "10.2.0.", "SecretAgent", "Firefox");
  }

  @Test
  void liveSummary_streamsSnapshotsAboutOnceASecond() {
    List<String> events = api.get().uri("/api/v1/live/summary").accept(MediaType.TEXT_EVENT_STREAM)
        .exchange().expectStatus().isOk()
        .returnResult(String.class).getResponseBody().take(2).collectList().block(Duration.ofSeconds(5));

    assertThat(events).hasSize(2);
    assertThat(TapBatch.JSON.readTree(events.get(1)).get("activeConnections").asInt()).isEqualTo(29);
  }

  @Test
  void liveMessages_capEachSnapshotAndReportWhatWasSkipped() {
    // Its own node, so the other tests' exact counts stay untouched.
    TapBatch burst = TapBatch.from("proxy-burst@host:8083", "proxy").seq(1);
    for (int i = 0; i < 120; i++) {
      burst.msg("api-burst", "in", "Update_VM", "Echo", 1, "{\"i\":" + i + "}");
    }
    // The burst usually lands between two snapshots, but a snapshot may fall while it is being
    // ingested (a CI run saw 85 + 35 instead of 120 at once): read snapshots until all 120 are
    // accounted for, shown or skipped.
    List<JsonNode> snapshots = api.get().uri("/api/v1/live/messages?conn=api-burst").accept(MediaType.TEXT_EVENT_STREAM)
        .exchange().returnResult(String.class).getResponseBody()
        .index()
        // The first snapshot comes at once; the burst follows it.
        .doOnNext(event -> {
          if (event.getT1() == 0) {
            ingest.ingest(burst.json());
          }
        })
        .filter(event -> event.getT1() > 0)
        .map(event -> TapBatch.JSON.readTree(event.getT2()))
        .scan(new ArrayList<JsonNode>(), (seen, snapshot) -> {
          ArrayList<JsonNode> next = new ArrayList<>(seen);
          next.add(snapshot);
          return next;
        })
        .filter(seen -> seen.stream().mapToLong(s -> s.get("messages").size() + s.get("skipped").asLong()).sum() >= 120)
        .blockFirst(Duration.ofSeconds(10));

    long shown = 0;
    long skipped = 0;
    for (JsonNode snapshot : snapshots) {
      assertThat(snapshot.get("messages").size()).as("capped per snapshot").isLessThanOrEqualTo(50);
      shown += snapshot.get("messages").size();
      skipped += snapshot.get("skipped").asLong();
    }
    assertThat(shown + skipped).as("every message shown or counted as skipped").isEqualTo(120);
    JsonNode last = snapshots.get(snapshots.size() - 1).get("messages");
    assertThat(last.get(last.size() - 1).get("payload").asString()).isEqualTo("{\"i\":119}");
  }
}
