package io.hubscope.observer.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.RecordingNodeControl;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.control.CommandResult;
import io.hubscope.observer.control.CommandResult.Status;
import io.hubscope.observer.control.NodeCommand;
import io.hubscope.observer.ingest.IngestService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The action API over HTTP with a recording NodeControl: roles, CSRF, validation, the mapping of
 * the nodes' results to statuses, the rate limit, and an audit record for every attempt.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=" + ObserverTestSupport.PASSWORD, "hubscope.observer.ingest-token=t",
        "spring.datasource.url=jdbc:h2:mem:actions-${random.uuid};DB_CLOSE_DELAY=-1",
        "hubscope.observer.actions.max-per-minute=40", "hubscope.observer.actions.max-body-bytes=2048",
        "hubscope.observer.actions.max-reason-chars=50",
        "hubscope.observer.users[0].name=" + ObserverTestSupport.VIEWER,
        "hubscope.observer.users[0].password-hash=" + ObserverTestSupport.VIEWER_HASH,
        "hubscope.observer.users[0].role=viewer",
        "hubscope.observer.users[1].name=" + ObserverTestSupport.OPS,
        "hubscope.observer.users[1].password-hash={bcrypt}" + ObserverTestSupport.OPS_HASH,
        "hubscope.observer.users[1].role=admin"})
@Import(RecordingNodeControl.Config.class)
class ActionApiIT {

  static final String NODE = "proxy-act@host:8082";
  static final String CONN = "act-c1";

  @LocalServerPort int port;
  @Autowired IngestService ingest;
  @Autowired RecordingNodeControl control;
  WebTestClient admin;

  @BeforeEach
  void setUp() {
    control.reset();
    admin = ObserverTestSupport.withCsrf(ObserverTestSupport.authed(port));
    if (ingest.batches() == 0) {
      ingest.ingest(TapBatch.from(NODE, "proxy").seq(1).open(CONN, "10.0.0.1", "Probe/1").json());
    }
  }

  WebTestClient.ResponseSpec post(WebTestClient client, String path, String body) {
    WebTestClient.RequestBodySpec spec = client.post().uri(path);
    return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  /** The newest audit entry, as the API shows it. */
  JsonNode lastAudit() {
    return ObserverTestSupport.authed(port).get().uri("/api/v1/audit?size=1").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody().get("items").get(0);
  }

  @Test
  void admin_disconnects_theCommandGoesToTheNodeHoldingTheConnection_andIsAudited() {
    post(admin, "/api/v1/connections/" + CONN + "/disconnect", "{\"reason\":\"maintenance <b>now</b>\"}")
        .expectStatus().isOk().expectBody()
        .jsonPath("$.status").isEqualTo("ok").jsonPath("$.detail").isEqualTo("done").jsonPath("$.affected").isEqualTo(1);

    assertThat(control.commands).containsExactly(new NodeCommand.Disconnect(NODE, CONN, "maintenance <b>now</b>"));
    JsonNode audit = lastAudit();
    assertThat(audit.get("user").asString()).isEqualTo(ObserverTestSupport.USER);
    assertThat(audit.get("role").asString()).isEqualTo("admin");
    assertThat(audit.get("action").asString()).isEqualTo("connection.disconnect");
    assertThat(audit.get("target").asString()).isEqualTo("connection " + CONN + " on " + NODE);
    assertThat(audit.get("detail").asString()).isEqualTo("reason: maintenance <b>now</b>");
    assertThat(audit.get("status").asString()).isEqualTo("ok");
    assertThat(audit.get("ip").asString()).isNotBlank();
  }

  @Test
  void sends_andDrain_buildTheirCommands() {
    post(admin, "/api/v1/connections/" + CONN + "/send", "{\"vmId\":\"Chat$room1\",\"properties\":{\"Message\":\"hi\"}}")
        .expectStatus().isOk();
    post(admin, "/api/v1/groups/room-1/send", "{\"vmId\":\"Chat\",\"properties\":{\"N\":1}}").expectStatus().isOk();
    post(admin, "/api/v1/viewmodels/Master.Sub/send", "{\"properties\":{\"N\":2}}").expectStatus().isOk();
    post(admin, "/api/v1/nodes/" + NODE + "/drain", "{\"spreadSeconds\":90}").expectStatus().isOk();
    post(admin, "/api/v1/nodes/" + NODE + "/drain", null).expectStatus().isOk();
    post(admin, "/api/v1/nodes/" + NODE + "/undrain", null).expectStatus().isOk();

    JsonNode hi = TapBatch.JSON.valueToTree(Map.of("Message", "hi"));
    assertThat(control.commands).containsExactly(
        new NodeCommand.SendToConnection(NODE, CONN, "Chat$room1", hi),
        new NodeCommand.SendToGroup("room-1", "Chat", TapBatch.JSON.valueToTree(Map.of("N", 1))),
        new NodeCommand.SendToViewModel("Master.Sub", TapBatch.JSON.valueToTree(Map.of("N", 2))),
        new NodeCommand.Drain(NODE, Duration.ofSeconds(90)),
        new NodeCommand.Drain(NODE, Duration.ofSeconds(ActionController.DEFAULT_SPREAD_SECONDS)),
        new NodeCommand.Undrain(NODE));
  }

  @Test
  void nodeResults_mapTo409_503_504_asProblemDetails_andAreAudited() {
    Map<Status, Integer> expected = Map.of(Status.REJECTED, 409, Status.UNREACHABLE, 503, Status.TIMEOUT, 504);
    expected.forEach((status, http) -> {
      control.answer = new CommandResult(status, "node says " + status, 0);
      post(admin, "/api/v1/nodes/" + NODE + "/undrain", null).expectStatus().isEqualTo(http)
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.status").isEqualTo(http).jsonPath("$.detail").isEqualTo("node says " + status)
          .jsonPath("$.instance").isEqualTo("/api/v1/nodes/" + NODE + "/undrain");
      JsonNode audit = lastAudit();
      assertThat(audit.get("status").asString()).isEqualTo(status.name().toLowerCase());
      assertThat(audit.get("result").asString()).isEqualTo("node says " + status);
    });
  }

  @Test
  void invalidRequests_get400or404or413_sendNothing_andAreAudited() {
    String c = "/api/v1/connections/" + CONN;
    Object[][] cases = {
        {c + "/disconnect", "not json", 400, null},
        {c + "/disconnect", "[1,2]", 400, null},
        {c + "/disconnect", "{\"reason\":\"x\",\"extra\":1}", 400, "extra"},
        {c + "/disconnect", "{\"reason\":\"x\",\"reason\":\"y\"}", 400, null},
        {c + "/disconnect", "{\"reason\":\"" + "r".repeat(51) + "\"}", 400, "reason"},
        {c + "/disconnect", "{\"reason\":\"line\\nbreak\"}", 400, "reason"},
        {c + "/disconnect", "{\"reason\":7}", 400, "reason"},
        {c + "/send", "{\"vmId\":\"<script>\",\"properties\":{\"a\":1}}", 400, "vmId"},
        {c + "/send", "{\"vmId\":\"Chat\",\"properties\":\"{\\\"a\\\":1}\"}", 400, "properties"},
        {c + "/send", "{\"vmId\":\"Chat\",\"properties\":{}}", 400, "properties"},
        {c + "/send", "{\"vmId\":\"Chat\",\"properties\":{\"a\":\"" + "x".repeat(2100) + "\"}}", 413, null},
        {"/api/v1/groups/a b/send", "{\"vmId\":\"Chat\",\"properties\":{\"a\":1}}", 400, "group"},
        {"/api/v1/viewmodels/1Bad/send", "{\"properties\":{\"a\":1}}", 400, "vmId"},
        {"/api/v1/nodes/" + NODE + "/drain", "{\"spreadSeconds\":3601}", 400, "spreadSeconds"},
        {"/api/v1/nodes/" + NODE + "/drain", "{\"spreadSeconds\":1.5}", 400, "spreadSeconds"},
        {"/api/v1/nodes/" + NODE + "/drain", "{\"spreadSeconds\":18446744073709551646}", 400, "spreadSeconds"},
        {"/api/v1/nodes/nobody/drain", null, 404, null},
        {"/api/v1/connections/unknown-conn/disconnect", null, 404, null},
    };
    for (Object[] k : cases) {
      String path = (String) k[0];
      int status = (Integer) k[2];
      var body = post(admin, path, (String) k[1]).expectStatus().isEqualTo(status)
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody();
      if (k[3] != null) {
        body.jsonPath("$.parameter").isEqualTo(k[3]);
      }
      assertThat(lastAudit().get("status").asString()).as(path + " " + k[1])
          .isEqualTo(status == 404 ? "not_found" : "invalid");
    }
    assertThat(control.commands).isEmpty();
  }

  @Test
  void aBodyOverTheServersBufferLimit_isRefusedToo() {
    post(admin, "/api/v1/connections/" + CONN + "/disconnect", "{\"reason\":\"" + "x".repeat(300_000) + "\"}")
        .expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(control.commands).isEmpty();
  }

  @Test
  void viewer_getsForbidden_evenWithTheToken_sendsNothing_andTheAttemptIsAudited() {
    WebTestClient viewer = ObserverTestSupport.withCsrf(
        ObserverTestSupport.as(port, ObserverTestSupport.VIEWER, ObserverTestSupport.VIEWER_PASSWORD));
    viewer.get().uri("/api/v1/me").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.name").isEqualTo(ObserverTestSupport.VIEWER).jsonPath("$.role").isEqualTo("viewer");
    viewer.get().uri("/api/v1/summary").exchange().expectStatus().isOk();

    // Encoded as a browser's encodeURIComponent does: the audit names the node as it is.
    viewer.post().uri(java.net.URI.create("http://localhost:" + port + "/api/v1/nodes/proxy-act%40host%3A8082/drain"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isForbidden()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("admin role"));

    assertThat(control.commands).isEmpty();
    JsonNode audit = lastAudit();
    assertThat(audit.get("user").asString()).isEqualTo(ObserverTestSupport.VIEWER);
    assertThat(audit.get("role").asString()).isEqualTo("viewer");
    assertThat(audit.get("action").asString()).isEqualTo("node.drain");
    assertThat(audit.get("target").asString()).isEqualTo("node " + NODE);
    assertThat(audit.get("status").asString()).isEqualTo("forbidden");
  }

  @Test
  void actionWithoutTheCsrfToken_isRefused_evenForAnAdminOnBasicAuth() {
    post(ObserverTestSupport.authed(port), "/api/v1/connections/" + CONN + "/disconnect", "{}")
        .expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("CSRF"));
    // A token of another session does not do either.
    WebTestClient other = ObserverTestSupport.withCsrf(ObserverTestSupport.authed(port));
    String token = other.get().uri("/api/v1/me").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody().get("csrf").get("token").asString();
    ObserverTestSupport.authed(port).post().uri("/api/v1/connections/" + CONN + "/disconnect")
        .header("X-CSRF-TOKEN", token).exchange().expectStatus().isForbidden();
    assertThat(control.commands).isEmpty();
  }

  @Test
  void aSecondAdmin_isThrottledPastItsActionsPerMinute_with429AndRetryAfter() {
    WebTestClient ops = ObserverTestSupport.withCsrf(
        ObserverTestSupport.as(port, ObserverTestSupport.OPS, ObserverTestSupport.OPS_PASSWORD));
    for (int i = 0; i < 40; i++) {
      post(ops, "/api/v1/nodes/" + NODE + "/undrain", null).expectStatus().isOk();
    }
    post(ops, "/api/v1/nodes/" + NODE + "/undrain", null).expectStatus().isEqualTo(429)
        .expectHeader().exists("Retry-After").expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

    assertThat(control.commands).hasSize(40);
    JsonNode audit = lastAudit();
    assertThat(audit.get("user").asString()).isEqualTo(ObserverTestSupport.OPS);
    assertThat(audit.get("status").asString()).isEqualTo("throttled");
    // The limit is per user: the single admin still acts.
    post(admin, "/api/v1/nodes/" + NODE + "/undrain", null).expectStatus().isOk();
  }

  @Test
  void auditApi_filtersAndRefusesBadParameters() {
    post(admin, "/api/v1/nodes/" + NODE + "/undrain", null).expectStatus().isOk();
    WebTestClient api = ObserverTestSupport.authed(port);
    api.get().uri("/api/v1/audit?action=node.undrain&status=ok&user=admin&target=PROXY-ACT").exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.total").value(t -> assertThat(((Number) t).longValue()).isPositive())
        .jsonPath("$.items[0].action").isEqualTo("node.undrain");
    api.get().uri("/api/v1/audit?action=no.such").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.total").isEqualTo(0);
    api.get().uri("/api/v1/audit?status=great").exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.parameter").isEqualTo("status");
    api.get().uri("/api/v1/audit?size=501").exchange().expectStatus().isBadRequest();
  }
}
