package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.limit.HubLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The app server's view-model limit holds for a client behind a proxy, which reads its error. */
class ForwardedViewModelLimitIT {

  @Test
  void theHundredAndFirstRequestVm_throughAProxy_getsTheDotNetifyErrorAndACompletionError() {
    int limit = HubLimits.defaults().maxViewModelsPerConnection();
    try (ForwardingStack stack = new ForwardingStack()) {
      ForwardingStack.Proxy proxy = stack.proxy(stack.app());
      TestClient c = stack.track(TestClient.connect(proxy.url()));
      for (int i = 1; i <= limit; i++) c.requestAsync("Echo$" + i, Map.of()).block(WAIT);
      String refused = "Echo$" + (limit + 1);
      assertThatThrownBy(() -> c.requestAsync(refused, Map.of()).block(WAIT))
          .hasMessageContaining("(limit " + limit + ")");
      JsonNode error = c.await(refused, r -> r.has("ExceptionType"), WAIT);
      assertThat(error).isNotNull();
      assertThat(error.path("ExceptionType").asString()).isEqualTo("LimitExceededException");
      assertThat(error.path("Message").asString()).contains("holds " + limit + " view models");
      assertThat(c.isOpen()).isTrue();
    }
  }
}
