package io.hubscope.app.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.receiver.ProxyDirectory;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.hub.transport.NegotiatePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A secret rotation as the properties express it: the app server signs with
 * {@code hubscope.app.shared-secret} and also accepts {@code hubscope.app.previous-shared-secrets},
 * so proxies on the new and on the old secret both forward; any other secret is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hubscope.app.shared-secret=" + SecretRotationIT.NEW,
    "hubscope.app.previous-shared-secrets=" + SecretRotationIT.OLD})
class SecretRotationIT {

  static final String NEW = "the-new-shared-secret-9876543210";
  static final String OLD = "the-old-shared-secret-0123456789";

  @LocalServerPort int port;
  @Autowired ForwardReceiver receiver;

  final ForwardingStack stack = new ForwardingStack();

  @AfterEach
  void close() {
    stack.close();
  }

  ForwardingStack.Proxy proxy(String nodeName, String secret) {
    ForwardingOptions options = ForwardingStack.options(nodeName).sharedSecret(secret).poolSize(1)
        .publicUrl("http://" + nodeName + ".example/dotnetify").build();
    return stack.proxy(NegotiatePolicy.OPEN,
        new ForwardingStack.Forward(() -> "http://127.0.0.1:" + port + "/dotnetify", options));
  }

  @Test
  void proxiesOnTheNewAndTheOldSecret_bothForward_othersAreRefused() {
    proxy("on-new", NEW);
    proxy("on-old", OLD);
    proxy("on-other", ForwardingStack.SECRET);

    assertThat(Await.until(() -> receiver.directory().proxies().size() == 2, WAIT)).isTrue();
    assertThat(receiver.directory().proxies()).extracting(ProxyDirectory.Proxy::nodeName)
        .containsExactlyInAnyOrder("on-new", "on-old");
    assertThat(Await.until(() -> receiver.refusedProofs(LinkProofs.Refusal.INVALID) >= 1, WAIT)).isTrue();
  }
}
