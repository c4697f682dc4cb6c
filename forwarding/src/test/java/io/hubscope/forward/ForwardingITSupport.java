package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** What the forwarding ITs share: an app server and proxies on real sockets, and clients that are closed after. */
abstract class ForwardingITSupport {

  final ForwardingStack stack = new ForwardingStack();
  final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException e) {
        // already closed by the test
      }
    });
    stack.close();
  }

  TestClient client(ForwardingStack.Proxy proxy) {
    return track(TestClient.connect(proxy.url()));
  }

  TestClient track(TestClient c) {
    clients.add(c);
    return c;
  }

  static void awaitPool(ForwardingStack.Proxy proxy) {
    assertThat(Await.until(() -> proxy.forwarder().pool().connected() == proxy.forwarder().pool().size(), WAIT))
        .as("pool of %s connected", proxy.url()).isTrue();
  }

  static Throwable catchError(reactor.core.publisher.Mono<?> call) {
    try {
      call.block(WAIT);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
