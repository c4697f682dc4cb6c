package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import java.util.ServiceLoader;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.scheduler.Schedulers;

/**
 * Forwarding never blocks an event loop: BlockHound watches while clients negotiate a redirect,
 * request, update, chat and get pushes through a proxy. Violations are recorded, not thrown, so a
 * blocking call anywhere shows up here with its stack instead of as a random client error.
 */
class NonBlockingIT {

  static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  static void installBlockHound() {
    BlockHound.Builder builder = BlockHound.builder();
    // Netty and Reactor declare their event loops non-blocking through these integrations.
    ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
    // Loading a class the first time reads its jar: once per class per JVM, not per message.
    builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
    builder.allowBlockingCallsInside("jdk.internal.loader.BuiltinClassLoader", "loadClassOrNull");
    builder.blockingMethodCallback(method -> VIOLATIONS.add(Thread.currentThread().getName() + ": " + method + "\n"
        + stackOf(new Exception()))).install();
  }

  static String stackOf(Exception e) {
    StringBuilder s = new StringBuilder();
    for (StackTraceElement frame : e.getStackTrace()) s.append("    at ").append(frame).append('\n');
    return s.toString();
  }

  @Test
  void forwarding_neverBlocksAnEventLoop() {
    // A first pass loads classes and initializes the frameworks (one-time jar reads); the second
    // pass, watched, is the steady state every message goes through.
    scenario();
    // Threads already waiting inside an allowed method when BlockHound arrives would look guilty.
    Schedulers.shutdownNow();
    installBlockHound();
    scenario();

    assertThat(VIOLATIONS).as("blocking calls on non-blocking threads").isEmpty();
  }

  static void scenario() {
    try (ForwardingStack stack = new ForwardingStack()) {
      ForwardingStack.App app = stack.redirectingApp();
      ForwardingStack.Proxy one = stack.redirectTarget(app, "nb-one");
      ForwardingStack.Proxy two = stack.redirectTarget(app, "nb-two");
      assertThat(Await.until(() -> app.receiver.directory().proxies().size() == 2, WAIT)).isTrue();
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < 10; i++) clients.add(stack.track(TestClient.connect(app.url())));
      for (TestClient c : clients) {
        c.request("Ticker", Map.of("TickInterval", 20));
        c.request("ChatRoom", Map.of("Room", "Room1"));
        c.request("Echo", Map.of());
      }
      for (int n = 1; n <= 20; n++) {
        for (TestClient c : clients) c.update("Echo", Map.of("Ping", n)).subscribe();
      }
      clients.get(0).update("ChatRoom", Map.of("Send", Map.of("Id", "x", "Text", "hi"))).block(WAIT);
      for (TestClient c : clients) assertThat(c.await("Echo", r -> r.path("Pong").asLong() == 20, WAIT)).isNotNull();
      for (TestClient c : clients.subList(0, 5)) c.close();
      assertThat(Await.until(() -> app.receiver.logicalConnections() == 5, WAIT)).isTrue();
    }
  }
}
