package io.hubscope.observer;

import java.time.Duration;
import java.util.Base64;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Shared settings of the tests that start the observer. */
public final class ObserverTestSupport {

  public static final String USER = "admin";
  public static final String PASSWORD = "test-password";
  public static final String INGEST_TOKEN = "test-ingest-token";
  /** A configured viewer; the hash is bcrypt (cost 4, tests only) of {@link #VIEWER_PASSWORD}. */
  public static final String VIEWER = "watcher";
  public static final String VIEWER_PASSWORD = "viewer-password-1";
  public static final String VIEWER_HASH = "$2a$04$lekRtb7CJkXKTBobtDfhZ.fTXdQyeLYq950YVSxoDVb/oeFrZzt2e";
  /** A configured second admin, of {@link #OPS_PASSWORD}. */
  public static final String OPS = "ops";
  public static final String OPS_PASSWORD = "ops-admin-password";
  public static final String OPS_HASH = "$2a$04$6/YV0SCnJNB1/mEp7LM1ReE8c6p6ERvpEoOqjh04caE95ixwTCyXO";

  private ObserverTestSupport() {}

  public static WebTestClient client(int port) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(15)).build();
  }

  public static WebTestClient authed(int port) {
    return as(port, USER, PASSWORD);
  }

  public static WebTestClient as(int port, String user, String password) {
    return client(port).mutate()
        .defaultHeader("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes()))
        .build();
  }

  /**
   * {@code client} (on HTTP basic) with the session cookie and CSRF header an action needs, as a
   * script gets them from {@code GET /api/v1/me}.
   */
  public static WebTestClient withCsrf(WebTestClient client) {
    var result = client.get().uri("/api/v1/me").exchange().expectStatus().isOk()
        .expectBody(tools.jackson.databind.JsonNode.class).returnResult();
    var session = result.getResponseCookies().getFirst("SESSION");
    if (session == null) throw new IllegalStateException("GET /api/v1/me set no SESSION cookie");
    var csrf = result.getResponseBody().get("csrf");
    return client.mutate().defaultCookie("SESSION", session.getValue())
        .defaultHeader(csrf.get("headerName").asString(), csrf.get("token").asString()).build();
  }
}
