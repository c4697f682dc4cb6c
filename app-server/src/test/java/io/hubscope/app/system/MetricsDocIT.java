package io.hubscope.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.metrics.MetricsDoc;
import io.hubscope.tap.testing.FakeObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/** Every hubscope.* meter the app server registers (tap on, after traffic) is in docs/metrics.md, and no more. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsDocIT {

  static final FakeObserver OBSERVER = new FakeObserver();
  static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;

  @DynamicPropertySource
  static void tap(DynamicPropertyRegistry registry) {
    registry.add("hubscope.tap.url", OBSERVER::url);
    registry.add("hubscope.tap.token", () -> FakeObserver.TOKEN);
    registry.add("hubscope.tap.linger", () -> "20ms");
  }

  @AfterAll
  static void stopObserver() {
    OBSERVER.close();
  }

  @Test
  void registeredMeters_matchDocsMetricsMd() {
    HubClientConnection client = HubClient.builder("http://127.0.0.1:" + port + "/dotnetify").build()
        .connect().block(WAIT);
    client.invoke("Request_VM", "HelloWorld", Map.of()).block(WAIT);
    client.invoke("Nope").onErrorResume(e -> Mono.empty()).block(WAIT); // the first error registers its kind
    client.close().block(WAIT);

    assertThat(MetricsDoc.registered(registry)).as("hubscope.* meters of the app server vs " + MetricsDoc.FILE)
        .containsExactlyInAnyOrderElementsOf(MetricsDoc.read().meters("app"));
  }
}
