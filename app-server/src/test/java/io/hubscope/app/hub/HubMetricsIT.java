package io.hubscope.app.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Health and Prometheus: the hub's meters are there, counting real traffic, with no per-client labels. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HubMetricsIT {

  @LocalServerPort int port;
  static final String TOKEN = java.util.UUID.randomUUID().toString();

  @DynamicPropertySource
  static void managementToken(DynamicPropertyRegistry registry) {
    registry.add("hubscope.management.token", () -> TOKEN);
  }

  String get(String path) {
    return HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + TOKEN)).get()
        .uri("http://127.0.0.1:" + port + path)
        .responseContent().aggregate().asString().block(Duration.ofSeconds(5));
  }

  @Test
  void prometheus_countsConnectionsMessagesAndErrors() {
    assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
    HubClientConnection client = HubClient.builder("http://127.0.0.1:" + port + "/dotnetify")
        .userAgent("metrics-test/1.0").build().connect().block(Duration.ofSeconds(5));
    client.invoke("Request_VM", "HelloWorld", Map.of()).block(Duration.ofSeconds(5));
    client.invoke("Request_VM", "NoSuchVM", Map.of()).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));
    client.invoke("Nope").onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));

    String metrics = get("/actuator/prometheus");
    assertThat(metrics).contains("hubscope_hub_connections_active{application=\"app-server\"} 1.0");
    assertThat(metrics).containsPattern("hubscope_hub_messages_total\\{[^}]*direction=\"in\"[^}]*\\} [1-9]");
    assertThat(metrics).containsPattern("hubscope_hub_bytes_total\\{[^}]*direction=\"out\"[^}]*\\} [1-9]");
    // Dispatch time is a Prometheus histogram: buckets an SRE can aggregate across instances.
    assertThat(metrics).containsPattern(
        "(?m)hubscope_hub_dispatch_seconds_bucket\\{[^}]*call=\"request_vm\"[^}]*le=\"\\+Inf\"[^}]*\\} 2(\\.0)?$");
    assertThat(metrics).containsPattern("(?m)hubscope_hub_dispatch_seconds_count\\{[^}]*call=\"method\"[^}]*\\} 1(\\.0)?$");
    assertThat(metrics.lines().filter(l -> l.startsWith("hubscope_hub_dispatch_seconds_bucket{")
        && l.contains("call=\"request_vm\""))).hasSizeGreaterThan(10);
    assertThat(metrics).contains("kind=\"unknown_vm\"").contains("kind=\"unknown_target\"");
    assertThat(metrics).doesNotContain(client.connectionId()).doesNotContain("metrics-test").doesNotContain("127.0.0.1");
    client.close().block(Duration.ofSeconds(5));
  }
}
