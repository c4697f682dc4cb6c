package io.hubscope.proxy.tap;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.metrics.MetricsDoc;
import io.hubscope.proxy.ProxyAgentApplication;
import io.hubscope.tap.Tap;
import io.hubscope.tap.testing.FakeObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/** The proxy agent's tap as configured by {@code hubscope.tap.*}, reporting to a fake observer. */
class ProxyTapIT {

  final ForwardingStack stack = new ForwardingStack();
  final FakeObserver observer = new FakeObserver();
  ConfigurableApplicationContext proxy;
  final String managementToken = java.util.UUID.randomUUID().toString();

  @AfterEach
  void close() {
    if (proxy != null) proxy.close();
    stack.close();
    observer.close();
  }

  ForwardingStack.App app;

  ConfigurableApplicationContext start(String... tap) {
    app = stack.app();
    String[] base = {"--server.port=0", "--hubscope.proxy.upstream=" + app.url(),
        "--hubscope.proxy.shared-secret=" + ForwardingStack.SECRET, "--hubscope.proxy.pool-size=1",
        "--hubscope.proxy.node-name=proxy-it", "--hubscope.management.token=" + managementToken};
    String[] args = new String[base.length + tap.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(tap, 0, args, base.length, tap.length);
    return SpringApplication.run(ProxyAgentApplication.class, args);
  }

  String url(String path) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) proxy).getWebServer().getPort() + path;
  }

  @Test
  void tap_mirrorsTheProxysClientsAndDeliveries_andExportsItsMetrics() {
    proxy = start("--hubscope.tap.url=" + observer.url(), "--hubscope.tap.token=" + FakeObserver.TOKEN,
        "--hubscope.tap.linger=20ms", "--hubscope.tap.redact-fields=ping");
    // Closed before the proxy, whose graceful shutdown would otherwise wait for it.
    try (TestClient c = TestClient.connect(url("/dotnetify"))) {
      mirrors(c);
    }
    // The observer saw the batches; the sender times each one when the acknowledgement is back.
    Pattern acknowledged = Pattern.compile(
        "hubscope_tap_batch_send_seconds_bucket\\{[^}]*le=\"\\+Inf\"[^}]*} [1-9][0-9]*(\\.0)?$", Pattern.MULTILINE);
    assertThat(Await.until(() -> acknowledged.matcher(prometheus()).find(), WAIT)).isTrue();
    String prometheus = prometheus();
    assertThat(prometheus).contains("hubscope_tap_sent_total").contains("hubscope_tap_dropped_total{")
        .contains("cause=\"queue_full\"").contains("hubscope_tap_queue_depth").contains("hubscope_tap_queue_bytes");
    assertThat(prometheus.lines().filter(l -> l.startsWith("hubscope_tap_batch_send_seconds_bucket{")))
        .hasSizeGreaterThan(10);
  }

  @Test
  void drainCommand_overTheTap_movesClientsOut_andTheAppServerStopsRedirectingHere_untilUndrained() {
    proxy = start("--hubscope.tap.url=" + observer.url(), "--hubscope.tap.token=" + FakeObserver.TOKEN,
        "--hubscope.tap.linger=20ms");
    TestClient client = stack.track(TestClient.connect(url("/dotnetify")));
    assertThat(Await.until(() -> proxy.getBean(Tap.class).connected(), WAIT)).isTrue();
    assertThat(Await.until(() -> app.receiver.directory().pickLeastLoaded().isPresent(), WAIT))
        .as("the app server would redirect here").isTrue();

    observer.command(TestClient.JSON.createObjectNode().put("id", "drain-1").put("type", "drain")
        .put("spreadMillis", 100));

    JsonNode result = observer.awaitResult("drain-1", WAIT);
    assertThat(result.path("status").asString()).isEqualTo("ok");
    assertThat(result.path("affected").asInt()).isEqualTo(1);
    assertThat(client.connection().closed().block(WAIT).allowReconnect()).isTrue();
    assertThat(Await.until(() -> app.receiver.directory().pickLeastLoaded().isEmpty(), WAIT))
        .as("the app server redirects no one to a draining proxy").isTrue();

    observer.command(TestClient.JSON.createObjectNode().put("id", "undrain-1").put("type", "undrain"));
    assertThat(observer.awaitResult("undrain-1", WAIT).path("status").asString()).isEqualTo("ok");
    assertThat(Await.until(() -> app.receiver.directory().pickLeastLoaded().isPresent(), WAIT)).isTrue();
  }

  String prometheus() {
    return HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + managementToken))
        .get().uri(url("/actuator/prometheus"))
        .responseContent().aggregate().asString().block(WAIT);
  }

  void mirrors(TestClient c) {
    c.request("Echo", Map.of());
    c.update("Echo", Map.of("Ping", 5)).block(WAIT);
    String id = c.connectionId();

    JsonNode open = observer.await(e -> "open".equals(e.path("type").asString()) && id.equals(e.path("conn").asString()), WAIT);
    assertThat(open).as("open").isNotNull();
    JsonNode in = observer.await(e -> "in".equals(e.path("dir").asString()) && "Update_VM".equals(e.path("call").asString()), WAIT);
    assertThat(in).as("a call, seen before the forwarder halts the pipeline").isNotNull();
    assertThat(in.path("payload").asString()).isEqualTo("{\"Ping\":\"[redacted]\"}");
    assertThat(observer.await(e -> "out".equals(e.path("dir").asString()) && id.equals(e.path("conn").asString()), WAIT))
        .as("a push the proxy delivered for the app server").isNotNull();
    assertThat(observer.events().stream().filter(e -> "msg".equals(e.path("type").asString())
        && "Update_VM".equals(e.path("call").asString()))).as("each call mirrored once").hasSize(1);
    assertThat(observer.events().stream().filter(e -> "open".equals(e.path("type").asString()))).hasSize(1);
    JsonNode batch = observer.batches().get(0);
    assertThat(batch.at("/node/role").asString()).isEqualTo("proxy");
    assertThat(batch.at("/node/name").asString()).isEqualTo("proxy-it");
  }

  @Test
  void registeredMeters_matchDocsMetricsMd() {
    proxy = start("--hubscope.tap.url=" + observer.url(), "--hubscope.tap.token=" + FakeObserver.TOKEN,
        "--hubscope.tap.linger=20ms");
    try (TestClient c = TestClient.connect(url("/dotnetify"))) {
      c.request("Echo", Map.of());
      // An unknown view model: the app server's error registers the forward and hub error kinds.
      c.requestAsync("NoSuchVM", Map.of()).onErrorResume(e -> Mono.empty()).block(WAIT);
    }

    assertThat(MetricsDoc.registered(proxy.getBean(MeterRegistry.class)))
        .as("hubscope.* meters of the proxy vs " + MetricsDoc.FILE)
        .containsExactlyInAnyOrderElementsOf(MetricsDoc.read().meters("proxy"));
  }

  @Test
  void noUrl_noTap() {
    proxy = start();
    assertThat(proxy.getBeanProvider(Tap.class).getIfAvailable()).isNull();
    assertThat(observer.negotiations()).isZero();
  }
}
