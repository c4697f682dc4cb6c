package io.hubscope.proxy;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.testing.HttpTransportClient;
import io.hubscope.hub.protocol.HubProtocols;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.http.client.HttpClient;

/** The proxy agent as it runs: a Spring context on a real port in front of an app server. */
class ProxyAgentIT {

  final ForwardingStack stack = new ForwardingStack();
  ConfigurableApplicationContext proxy;
  final String managementToken = java.util.UUID.randomUUID().toString();

  @AfterEach
  void close() {
    if (proxy != null) proxy.close();
    stack.close();
  }

  ConfigurableApplicationContext startProxy(String upstream, String... extra) {
    String[] args = new String[7 + extra.length];
    args[0] = "--server.port=0";
    args[1] = "--hubscope.proxy.upstream=" + upstream;
    args[2] = "--hubscope.proxy.shared-secret=" + ForwardingStack.SECRET;
    args[3] = "--hubscope.proxy.pool-size=2";
    args[4] = "--hubscope.proxy.backoff=100ms,200ms";
    args[5] = "--hubscope.proxy.node-name=proxy-it";
    args[6] = "--hubscope.management.token=" + managementToken;
    System.arraycopy(extra, 0, args, 7, extra.length);
    return SpringApplication.run(ProxyAgentApplication.class, args);
  }

  int port() {
    return ((WebServerApplicationContext) proxy).getWebServer().getPort();
  }

  /**
   * Each request on a connection of its own: a CI run hung 10 s on an anonymous GET that the
   * server never saw (it then shut down gracefully with no request active); most likely the GET
   * went out on a pooled keep-alive connection of the token requests that had gone stale.
   */
  static HttpClient client() {
    return HttpClient.newConnection();
  }

  String get(String path) {
    return client().headers(h -> h.set("Authorization", "Bearer " + managementToken)).get()
        .uri("http://127.0.0.1:" + port() + path)
        .responseContent().aggregate().asString().block(WAIT);
  }

  @Test
  void proxyAgent_forwardsJsonAndMessagePackClients_andReportsHealthAndMetrics() {
    ForwardingStack.App app = stack.app();
    proxy = startProxy(app.url(), "--hubscope.proxy.use-message-pack=true");
    assertThat(Await.until(() -> get("/actuator/health").contains("\"UP\""), WAIT)).isTrue();
    String hub = "http://127.0.0.1:" + port() + "/dotnetify";

    try (TestClient json = TestClient.connect(hub, "json-ua", HubProtocols.JSON);
        TestClient mp = TestClient.connect(hub, "mp-ua", HubProtocols.MESSAGE_PACK)) {
      assertThat(json.request("Whoami", Map.of()).get("ConnectionId").asString()).isEqualTo(json.connectionId());
      assertThat(mp.request("Whoami", Map.of()).get("UserAgent").asString()).isEqualTo("mp-ua");
      assertThat(app.receiver.logicalConnections()).isEqualTo(2);
      assertThat(Await.until(() -> app.receiver.directory().proxies().size() == 1
          && app.receiver.directory().proxies().get(0).clients() == 2, WAIT)).isTrue();

      System.gc(); // gauges must survive it (a weakly held gauge reads NaN)
      String prometheus = get("/actuator/prometheus");
      assertThat(prometheus)
          .contains("hubscope_hub_connections_active")
          .contains("hubscope_forward_upstream_connected{")
          .contains("hubscope_forward_messages_total{")
          .contains("hubscope_forward_bytes_total{")
          .contains("hubscope_forward_queue_depth{");
      assertThat(prometheus).containsPattern("hubscope_forward_upstream_connected\\{[^}]*} 2\\.0")
          .containsPattern("hubscope_forward_queue_depth\\{[^}]*} 0\\.0");
      // Both Request_VM calls came back from the app server: two round trips in the histogram's buckets.
      assertThat(prometheus).containsPattern(
          "(?m)hubscope_forward_round_trip_seconds_bucket\\{[^}]*upstream=\"[^\"]+:[0-9]+\"[^}]*le=\"\\+Inf\"} 2(\\.0)?$");
      assertThat(prometheus.lines().filter(l -> l.startsWith("hubscope_forward_round_trip_seconds_bucket{")))
          .hasSizeGreaterThan(10);
      assertThat(prometheus).doesNotContain(json.connectionId());
    }
  }

  @Test
  void proxyAgent_servesLongPollingClients_andRefusesTransportsTurnedOff() {
    ForwardingStack.App app = stack.app();
    proxy = startProxy(app.url(), "--hubscope.hub.transports=WebSockets,LongPolling");
    assertThat(Await.until(() -> get("/actuator/health").contains("\"UP\""), WAIT)).isTrue();
    String hub = "http://127.0.0.1:" + port() + "/dotnetify";
    assertThat(HttpTransportClient.negotiateAnswer(hub, "1").get("availableTransports").toString())
        .isEqualTo("[{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
            + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]");
    assertThat(HttpTransportClient.negotiate(hub).get("text/event-stream").body())
        .contains("ServerSentEvents transport is not enabled");

    HttpTransportClient client = HttpTransportClient.negotiate(hub);
    assertThat(client.poll().statusCode()).isEqualTo(200);
    client.post("{\"protocol\":\"json\",\"version\":1}\u001e");
    assertThat(new String(client.poll().body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{}\u001e");
    client.post("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Request_VM\",\"arguments\":[\"Whoami\",{}]}\u001e");
    StringBuilder received = new StringBuilder();
    assertThat(Await.until(() -> received.append(new String(client.poll().body(),
        java.nio.charset.StandardCharsets.UTF_8)).toString().contains("\"type\":3"), WAIT)).isTrue();
    assertThat(received.toString()).contains("Response_VM").contains("ConnectionId");
    // The app server's logical connection for the client (beside the proxy's pooled connections).
    assertThat(app.hub().connections().all().stream().filter(c -> c.pooledConnection() != null)
        .map(c -> c.info().transport())).containsExactly("LongPolling");
    assertThat(client.delete().statusCode()).isEqualTo(202);
    assertThat(Await.until(() -> app.receiver.logicalConnections() == 0, WAIT)).isTrue();
  }

  @Test
  void health_isDownWithoutALiveUpstream() {
    ForwardingStack.App app = stack.app();
    proxy = startProxy(app.url());
    assertThat(Await.until(() -> get("/actuator/health").contains("\"UP\""), WAIT)).isTrue();

    app.close();

    assertThat(Await.until(() -> get("/actuator/health").contains("\"DOWN\""), WAIT)).isTrue();
    assertThat(get("/actuator/health/details")).contains("\"connected\":0");
  }

  /** Status code and body of an anonymous GET: the probes are public. */
  Probe probe(String path) {
    return client().get().uri("http://127.0.0.1:" + port() + path)
        .responseSingle((r, body) -> body.asString().defaultIfEmpty("")
            .map(b -> new Probe(r.status().code(), b)))
        .block(WAIT);
  }

  record Probe(int status, String body) {}

  @Test
  void readiness_isDownUntilTheUpstreamComes_livenessStaysUp() throws Exception {
    int upstreamPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      upstreamPort = socket.getLocalPort();
    }
    proxy = startProxy("http://127.0.0.1:" + upstreamPort + "/dotnetify");

    assertThat(probe("/actuator/health/readiness")).isEqualTo(new Probe(503, "{\"status\":\"DOWN\"}"));
    assertThat(probe("/actuator/health/liveness")).isEqualTo(new Probe(200, "{\"status\":\"UP\"}"));

    stack.app(upstreamPort, b -> {});

    assertThat(Await.until(() -> probe("/actuator/health/readiness").status() == 200, WAIT)).isTrue();
    assertThat(probe("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(probe("/actuator/health/liveness").status()).isEqualTo(200);
  }

  @Test
  void publicHealth_showsNoUpstreamNodeIdOrDiskPath_andMetricsNeedTheToken() {
    ForwardingStack.App app = stack.app();
    proxy = startProxy(app.url());
    assertThat(Await.until(() -> get("/actuator/health").contains("\"UP\""), WAIT)).isTrue();
    String withToken = get("/actuator/health/details");
    assertThat(withToken).contains(app.url()).contains("\"nodeId\"").contains("diskSpace");

    HttpClient anonymous = client();
    String health = anonymous.get().uri("http://127.0.0.1:" + port() + "/actuator/health")
        .responseContent().aggregate().asString().block(WAIT);
    assertThat(health).contains("\"status\":\"UP\"").doesNotContain("components")
        .doesNotContain(app.url()).doesNotContain("127.0.0.1").doesNotContain("nodeId").doesNotContain("proxy-it")
        .doesNotContain("diskSpace").doesNotContain("path");
    for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/health/details", "/actuator/health/upstream",
        "/actuator/health/readiness"}) {
      int status = anonymous.get().uri("http://127.0.0.1:" + port() + path).response().block(WAIT).status().code();
      assertThat(status).as(path).isEqualTo(path.endsWith("readiness") ? 200 : 401);
    }
  }
}
