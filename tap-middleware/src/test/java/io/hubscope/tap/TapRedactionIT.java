package io.hubscope.tap;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.tap.testing.FakeObserver;
import io.hubscope.tap.testing.TappedStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a client sends reaches the observer redacted, whatever shape the client wraps a secret in. */
class TapRedactionIT {

  @Test
  void tap_redactsSecretsInStringWrappedArgumentsAndVmArgs_inBothProtocols() {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(),
          TappedStack.options(observer.url(), "proxy", "p1").build(), 1);
      assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
      for (HubProtocol protocol : java.util.List.of(HubProtocols.JSON, HubProtocols.MESSAGE_PACK)) {
        TestClient c = stack.track(TestClient.connect(proxy.url(), "hubscope-test", protocol));
        String id = c.connectionId();
        ObjectNode request = TestClient.JSON.createObjectNode().put("$vmArg", "{\"Password\":\"vmarg-secret\"}");
        c.connection().invoke("Request_VM", "Echo", request).block(WAIT);
        c.update("Echo", Map.of("Submit", "{\"Token\":\"string-secret\"}", "User.Password", "path-secret"))
            .onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(WAIT);

        JsonNode req = observer.await(e -> TapIT.msg(e, "in", "Request_VM", id), WAIT);
        JsonNode upd = observer.await(e -> TapIT.msg(e, "in", "Update_VM", id), WAIT);
        assertThat(req).isNotNull();
        assertThat(upd).isNotNull();
        assertThat(req.path("payload").asString()).contains("$vmArg", PayloadFilter.REDACTED).doesNotContain("vmarg-secret");
        assertThat(upd.path("payload").asString()).contains("Submit", PayloadFilter.REDACTED)
            .doesNotContain("string-secret", "path-secret");
        c.close();
      }
    }
  }
}
