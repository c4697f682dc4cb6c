package io.hubscope.app.api;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.forward.trust.SignedTokens;
import io.hubscope.hub.client.CloseInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The REST data plane as a backend uses it, curl-style: plain HTTP with a bearer token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hubscope.app.shared-secret=" + ForwardingStack.SECRET,
    "hubscope.app.redirect-to-proxies=true",
    "hubscope.app.api.key=" + HubApiIT.API_KEY,
    "hubscope.app.api.max-body-size=4KB",
    "hubscope.app.api.max-push-size=1KB",
    // One token per 100 s: no caller's burst refills while this class runs, however slow the
    // machine. (At 1 per second, a loaded CI run took over a second for the 12 calls of the burst
    // test, a token came back and its 13th call went through.)
    "hubscope.app.api.requests-per-second=0.01",
    "hubscope.app.api.burst=12"})
class HubApiIT {

  static final String API_KEY = "api-key-of-at-least-24-characters";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired ForwardReceiver receiver;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;
  final ForwardingStack stack = new ForwardingStack();

  @AfterEach
  void close() {
    stack.close();
  }

  /** A token signed with the shared secret's API-token key, as a backend mints it. */
  static String token(String secret, String subject) {
    return new SignedTokens(SharedSecrets.of(secret), SharedSecrets.API_TOKEN, Clock.systemUTC())
        .issue(subject, Duration.ofMinutes(5));
  }

  HttpResponse<String> post(String path, String bearer, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) request.header("Authorization", "Bearer " + bearer);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return TestClient.JSON.readTree(response.body());
  }

  static void assertProblem(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asString()).isNotEmpty();
    assertThat(problem.path("detail").asString()).contains(detail);
  }

  String appUrl() {
    return "http://127.0.0.1:" + port + "/dotnetify";
  }

  @Test
  void sendToAGroupSpanningBothProxies_reachesEveryMemberExactlyOnce_andNoOneElse() {
    ForwardingStack.Proxy one = stack.redirectTarget(this::appUrl, "api-one");
    ForwardingStack.Proxy two = stack.redirectTarget(this::appUrl, "api-two");
    assertThat(Await.until(() -> receiver.directory().proxies().size() == 2, WAIT)).isTrue();
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TestClient c = stack.track(TestClient.connect(appUrl()));
      c.request("HelloWorld", Map.of()); // its first call makes it a logical connection here
      clients.add(c);
    }
    assertThat(one.forwarder().pool().clients()).isEqualTo(3);
    assertThat(two.forwarder().pool().clients()).isEqualTo(3);
    String token = token(ForwardingStack.SECRET, "group-test");
    List<TestClient> members = List.of(clients.get(0), clients.get(1), clients.get(2), clients.get(3));
    for (TestClient m : members) {
      assertThat(post("/api/v1/hub/groups/ops/add", token, "{\"connectionId\":\"" + m.connectionId() + "\"}")
          .statusCode()).isEqualTo(200);
    }

    HttpResponse<String> sent = post("/api/v1/hub/groups/ops/send", token,
        "{\"vmId\":\"Notice\",\"properties\":{\"Text\":\"deploy at noon\"}}");

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(json(sent).path("recipients").asInt()).isEqualTo(4);
    for (TestClient m : members) {
      JsonNode notice = m.next("Notice", WAIT);
      assertThat(notice).as("the notice to %s", m.connectionId()).isNotNull();
      assertThat(notice.path("Text").asString()).isEqualTo("deploy at noon");
    }
    for (TestClient m : members) assertThat(m.next("Notice", Duration.ofMillis(300))).as("no duplicate").isNull();
    for (TestClient other : clients.subList(4, 6)) assertThat(other.next("Notice", Duration.ofMillis(100))).isNull();

    // Closing a client behind a proxy closes it at the proxy, with the reason.
    TestClient closing = clients.get(5);
    assertThat(post("/api/v1/hub/connections/" + closing.connectionId() + "/close", token,
        "{\"reason\":\"Moved to the new plan\"}").statusCode()).isEqualTo(200);
    assertThat(closing.connection().closed().block(WAIT).error()).isEqualTo("Moved to the new plan");
  }

  @Test
  void sendToAConnection_andClose_reachADirectClient_withTheApiKey() {
    TestClient client = stack.track(TestClient.connect(appUrl())); // no proxy: served here

    assertThat(post("/api/v1/hub/connections/" + client.connectionId() + "/send", API_KEY,
        "{\"vmId\":\"Notice\",\"properties\":{\"Text\":\"hi\"}}").statusCode()).isEqualTo(200);
    assertThat(client.next("Notice", WAIT).path("Text").asString()).isEqualTo("hi");
    assertThat(post("/api/v1/hub/connections/" + client.connectionId() + "/close", API_KEY,
        "{\"reason\":\"Your session ended\"}").statusCode()).isEqualTo(200);

    CloseInfo info = client.connection().closed().block(WAIT);
    assertThat(info.error()).isEqualTo("Your session ended");
    assertProblem(post("/api/v1/hub/connections/" + client.connectionId() + "/close", API_KEY, "{}"), 404,
        "No client connection");
  }

  @Test
  void withoutAValidToken_401() {
    String body = "{\"vmId\":\"Notice\",\"properties\":{}}";
    assertProblem(post("/api/v1/hub/send", null, body), 401, "bearer token");
    assertProblem(post("/api/v1/hub/send", "not-a-token", body), 401, "bearer token");
    assertProblem(post("/api/v1/hub/send", API_KEY + "x", body), 401, "bearer token");
    assertProblem(post("/api/v1/hub/send", token("another-secret-of-32-characters!!", "x"), body), 401,
        "bearer token");
    // A redirect token is signed with the same secret, for another purpose: never an API token.
    String redirectToken = new io.hubscope.forward.redirect.AccessTokens(ForwardingStack.SECRET)
        .issue("api-one", Duration.ofMinutes(1));
    assertProblem(post("/api/v1/hub/send", redirectToken, body), 401, "bearer token");
  }

  @Test
  void badJson_400_andOversized_413() {
    String token = token(ForwardingStack.SECRET, "validation-test");
    assertProblem(post("/api/v1/hub/send", token, "{\"vmId\":"), 400, "not valid JSON");
    assertProblem(post("/api/v1/hub/send", token, "[1,2]"), 400, "JSON object");
    assertProblem(post("/api/v1/hub/send", token, "{\"vmId\":\"V\",\"properties\":[1]}"), 400, "JSON object");
    assertProblem(post("/api/v1/hub/send", token, "{\"vmId\":7,\"properties\":{}}"), 400, "vmId must be a string");
    assertProblem(post("/api/v1/hub/send", token, "{\"vmId\":\"V\",\"properties\":{\"T\":\"" + "x".repeat(5000)
        + "\"}}"), 413, "larger than 4096 bytes");
    assertProblem(post("/api/v1/hub/send", token, "{\"vmId\":\"V\",\"properties\":{\"T\":\"" + "x".repeat(1500)
        + "\"}}"), 413, "at most 1024");
  }

  @Test
  void theOpenApiDocument_isServed_andListsEveryApiRouteAndNoOther() {
    HttpResponse<String> served;
    try {
      served = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(served.statusCode()).isEqualTo(200);
    JsonNode document = json(served);
    Set<String> documented = new TreeSet<>();
    document.get("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + path.getKey())));
    Set<String> routes = new TreeSet<>();
    mapping.getHandlerMethods().forEach((info, handler) -> info.getPatternsCondition().getPatterns().forEach(p -> {
      if (p.getPatternString().startsWith("/api/")) {
        info.getMethodsCondition().getMethods().forEach(m -> routes.add(m + " " + p.getPatternString()));
      }
    }));

    assertThat(routes).hasSize(8);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
        op.getValue().path("responses").properties().forEach(r -> {
          if (r.getKey().startsWith("4")) {
            JsonNode response = r.getValue().has("$ref")
                ? document.at("/components/responses/" + r.getValue().get("$ref").asString().replaceAll(".*/", ""))
                : r.getValue();
            assertThat(response.path("content").has("application/problem+json"))
                .as("%s %s answers %s as a problem detail", op.getKey(), path.getKey(), r.getKey()).isTrue();
          }
        })));
  }

  @Test
  void pastTheBurst_429WithRetryAfter_perCaller() {
    String token = token(ForwardingStack.SECRET, "burst-test");
    String body = "{\"vmId\":\"Notice\",\"properties\":{}}";
    for (int i = 0; i < 12; i++) assertThat(post("/api/v1/hub/send", token, body).statusCode()).isEqualTo(200);

    HttpResponse<String> limited = post("/api/v1/hub/send", token, body);

    assertProblem(limited, 429, "Too many requests");
    assertThat(limited.headers().firstValue("Retry-After")).get().asString().matches("[1-9][0-9]*");
    // Another caller has its own budget.
    assertThat(post("/api/v1/hub/send", token(ForwardingStack.SECRET, "other-caller"), body).statusCode())
        .isEqualTo(200);
  }
}
