package io.hubscope.app.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app server as shipped, without a shared secret: forwarding is off, so a plain client cannot
 * register a proxy URL for the negotiate redirect (issue 12's fake proxy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardingOffIT {

  @LocalServerPort int port;
  @Autowired ForwardReceiver receiver;
  @Autowired MeterRegistry meters;

  @Test
  void withoutASecret_noClientCanRegisterAProxy() {
    HubClientConnection intruder = HubClient.builder("http://127.0.0.1:" + port + "/dotnetify").build().connect()
        .block(WAIT);
    try {
      ObjectNode status = JsonMapper.builder().build().createObjectNode().put("nodeId", "evil-1")
          .put("nodeName", "evil").put("url", "http://evil.example/dotnetify").put("clients", 0);

      Throwable error = catchThrowable(() -> intruder.invoke("ProxyStatus", status).block(WAIT));

      assertThat(receiver.enabled()).isFalse();
      assertThat(error).hasMessageContaining("Unknown hub method 'ProxyStatus'");
      assertThat(receiver.directory().proxies()).isEmpty();
      assertThat(meters.find("hubscope.hub.errors").tag("kind", "unknown_target").counter())
          .as("counted").isNotNull().satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));
    } finally {
      intruder.close().block(WAIT);
    }
  }
}
