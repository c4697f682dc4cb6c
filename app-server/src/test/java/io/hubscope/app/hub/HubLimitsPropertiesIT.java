package io.hubscope.app.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubConnectException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The hubscope.hub.* limit properties reach the hub, and its refusals reach the meter registry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hubscope.hub.max-view-models-per-connection=1",
    "hubscope.hub.max-connections=1"})
class HubLimitsPropertiesIT {

  static final Duration WAIT = Duration.ofSeconds(5);

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;

  HubClientConnection connect() {
    return HubClient.builder("http://127.0.0.1:" + port + "/dotnetify").build().connect().block(WAIT);
  }

  double refused(String limit) {
    return registry.get("hubscope.hub.refused").tag("limit", limit).counter().count();
  }

  @Test
  void limitProperties_bindToTheHub_andRefusalsAreCounted() {
    HubClientConnection client = connect();
    try {
      client.invoke("Request_VM", "HelloWorld", Map.of()).block(WAIT);
      assertThatThrownBy(() -> client.invoke("Request_VM", "HelloWorld$2", Map.of()).block(WAIT))
          .hasMessageContaining("(limit 1)");
      assertThat(refused("view_models_per_connection")).isEqualTo(1);
      assertThatThrownBy(this::connect).isInstanceOf(HubConnectException.class).hasMessageContaining("503");
      assertThat(refused("connections_per_node")).isEqualTo(1);
    } finally {
      client.close().block(WAIT);
    }
  }
}
