package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.ui.Browser;
import io.hubscope.observer.ui.DashboardActions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's operator actions end to end, over the real control path: the stack as bin/demo runs
 * it (the observer commanding the nodes over their tap links), the official {@code @microsoft/signalr}
 * client under Node holding a connection on proxy-1, the dashboard in Chromium. An action without
 * the CSRF token and a viewer's action are refused and leave the client connected; a viewer's page
 * has no controls; an admin disconnects the client through the confirmation dialog and the client
 * reads the admin's reason; the audit page shows both audited attempts. The steps run in order on
 * one stack and one client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorActionsIT {

  static final String VIEWER = "watcher";
  static final String REASON = "Closed by admin: end-to-end test";
  /** How long the observer may take to see the connection, or the client its close, on a loaded 2-core machine. */
  static final Duration WAIT = Duration.ofSeconds(20);

  static DemoStack stack;
  static HeldJsClient client;
  static Browser browser;
  static String viewerPassword;
  static String connectionId;
  static String node;

  @RegisterExtension
  TestWatcher onFailure = Browser.onFailure(() -> browser, "operator-actions-");

  @BeforeAll
  static void start() throws Exception {
    viewerPassword = UUID.randomUUID().toString();
    // Cost 4: a test's login, not a stored secret's protection.
    stack = DemoStack.start(Map.of("HUBSCOPE_OBSERVER_USERS_0_NAME", VIEWER,
        "HUBSCOPE_OBSERVER_USERS_0_PASSWORD_HASH", new BCryptPasswordEncoder(4).encode(viewerPassword),
        "HUBSCOPE_OBSERVER_USERS_0_ROLE", "viewer"), 240);
    String userAgent = "HubscopeOperatorActionsIT/" + UUID.randomUUID();
    client = HeldJsClient.start(stack.proxyHubs().get(0), "HelloWorld", userAgent);
    JsonNode connected = client.await(line -> line.has("connected"), WAIT);
    assertThat(connected.get("vm").get("Greeting").asString()).isEqualTo("Hello World!");
    connectionId = connected.get("connected").asString();

    // The observer knows the client by the id the client was given, on the proxy it connected to.
    JsonNode page = poll(() -> admin().get().uri(b -> b.path("/api/v1/connections").queryParam("state", "active")
        .queryParam("ua", userAgent).build()).exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody(), p -> p.get("total").asInt() > 0);
    assertThat(page.get("total").asInt()).as("connections with the client's user agent").isEqualTo(1);
    JsonNode seen = page.get("items").get(0);
    assertThat(seen.get("id").asString()).isEqualTo(connectionId);
    node = seen.get("node").asString();
    assertThat(node).startsWith("proxy-1@");
    browser = new Browser();
  }

  @AfterAll
  static void stop() throws Exception {
    try (DemoStack s = stack; HeldJsClient c = client; Browser b = browser) {
      // Closing is the block's whole job: the browser, then the client, then bin/demo stop, each
      // even if another's close throws; one that never opened (null) is skipped.
    }
  }

  static WebTestClient admin() {
    return ObserverTestSupport.as(stack.observerPort, stack.user, stack.password);
  }

  /** {@code read()} once {@code done} accepts it, polled until {@link #WAIT} is over. */
  static <T> T poll(Supplier<T> read, Predicate<T> done) {
    return new FluentWait<>(read).withTimeout(WAIT).pollingEvery(Duration.ofMillis(200))
        .until(r -> {
          T value = r.get();
          return done.test(value) ? value : null;
        });
  }

  /** {@code as} asks to disconnect the client; the observer refuses with a 403 problem detail, returned. */
  static JsonNode refusedDisconnect(WebTestClient as, String reason) {
    JsonNode problem = as.post().uri("/api/v1/connections/{id}/disconnect", connectionId)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", reason)).exchange()
        .expectStatus().isForbidden()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(JsonNode.class).returnResult().getResponseBody();
    assertThat(problem.get("status").asInt()).isEqualTo(403);
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/connections/" + connectionId + "/disconnect");
    return problem;
  }

  /** The connection as the observer's API shows it: {@code {connection, headers, error, ...}}. */
  static JsonNode observed() {
    return admin().get().uri("/api/v1/connections/{id}", connectionId).exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  /** The observer holds the connection open and the client has not been closed. */
  static void assertStillConnected() {
    assertThat(observed().get("connection").get("state").asString()).as("the observer's view of the client")
        .isEqualTo("active");
    assertThat(client.printed()).as("the client's output").noneMatch(line -> line.has("closed"));
    assertThat(client.isAlive()).as("the client runs").isTrue();
  }

  DashboardActions dashboard() {
    return new DashboardActions(browser.driver, stack.dashboard(""));
  }

  @Test
  @Order(1)
  void adminActionWithoutTheCsrfToken_isRefused_andTheClientStaysConnected() {
    JsonNode problem = refusedDisconnect(admin(), "must not arrive: no CSRF token");

    assertThat(problem.get("detail").asString()).isEqualTo(
        "Refused: a request that changes state needs the session's CSRF token (X-CSRF-TOKEN; GET /api/v1/me has it)");

    assertStillConnected();
  }

  @Test
  @Order(2)
  void viewer_seesNoActionControls_andTheApiRefusesItsActionWithAValidToken() {
    DashboardActions dashboard = dashboard();
    dashboard.logIn(VIEWER, viewerPassword);
    dashboard.openConnection(connectionId);
    assertThat(browser.driver.findElement(By.id("who")).getText()).isEqualTo(VIEWER + " · viewer");
    assertThat(browser.driver.findElements(By.id("conn-actions"))).isEmpty();
    assertThat(browser.driver.findElements(By.id("disconnect"))).isEmpty();
    browser.screenshot("30-viewer-connection");

    WebTestClient viewer =
        ObserverTestSupport.withCsrf(ObserverTestSupport.as(stack.observerPort, VIEWER, viewerPassword));
    JsonNode problem = refusedDisconnect(viewer, "must not arrive: a viewer");

    assertThat(problem.get("detail").asString()).isEqualTo("Refused: this action needs the admin role");

    assertStillConnected();
  }

  @Test
  @Order(3)
  void admin_disconnectsThroughTheConfirmation_theJsClientReadsTheReason_andTheObserverShowsItClosed() {
    DashboardActions dashboard = dashboard();
    dashboard.logIn(stack.user, stack.password);
    dashboard.openConnection(connectionId);

    String outcome = dashboard.disconnect(REASON);

    assertThat(outcome).isEqualTo("Done: " + node + ": Closed connection " + connectionId + " (1 connection)");
    JsonNode closed = client.await(line -> line.has("closed"), WAIT);
    assertThat(closed.get("closed").asString()).isEqualTo("Server returned an error on close: " + REASON);
    dashboard.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.id("conn-state"), "closed: operator"));
    browser.screenshot("31-disconnected");
    JsonNode observed = observed();
    assertThat(observed.get("connection").get("state").asString()).isEqualTo("closed");
    assertThat(observed.get("connection").get("closeReason").asString()).isEqualTo("operator");
    assertThat(observed.get("error").asString()).isEqualTo(REASON);
  }

  @Test
  @Order(4)
  void auditPage_showsTheDisconnectOk_andTheViewersAttemptForbidden() {
    DashboardActions dashboard = dashboard();
    dashboard.logIn(stack.user, stack.password);
    browser.driver.findElement(By.id("nav-audit")).click();

    List<List<String>> rows = dashboard.waitUpTo(WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
      List<List<String>> cells = d.findElements(By.cssSelector("#audit-table tr.audit-row")).stream()
          .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
      return cells.isEmpty() ? null : cells;
    });
    browser.screenshot("32-audit");

    // Newest first: user, action, target, detail, status, result, affected (without time and IP).
    // The attempt without the token is not among them: the CSRF check refuses it before any action.
    assertThat(rows).extracting(r -> List.of(r.get(1), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), r.get(8)))
        .containsExactly(
            List.of(stack.user + " (admin)", "connection.disconnect", "connection " + connectionId + " on " + node,
                "reason: " + REASON, "ok", node + ": Closed connection " + connectionId, "1"),
            List.of(VIEWER + " (viewer)", "connection.disconnect", "connection " + connectionId, "–", "forbidden",
                "Refused: this action needs the admin role", "0"));
  }
}
