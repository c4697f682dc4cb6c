package io.hubscope.tap;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.client.CloseInfo;
import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.operations.HubOperations;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.transport.NegotiatePolicy;
import io.hubscope.tap.metrics.InMemoryTapMetrics;
import io.hubscope.tap.testing.FakeObserver;
import io.hubscope.tap.testing.TappedStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The node's end of the control path: commands over the tap's own link to the observer, and only there. */
class TapCommandsIT {

  final ForwardingStack stack = new ForwardingStack();
  final FakeObserver observer = stack.track(new FakeObserver());
  final List<String> handlerThreads = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    stack.close();
  }

  /** A tapped proxy whose tap carries out commands with the hub's operations, recording the thread. */
  TappedStack.Proxy proxy(TapOptions options) {
    TappedStack.Proxy proxy = TappedStack.proxy(stack, stack.app(), options, 1);
    HubServer hub = proxy.server.hub();
    HubCommandHandler operations = new HubCommandHandler(hub, new HubOperations(hub), true);
    proxy.tap.acceptCommands(command -> {
      handlerThreads.add(Thread.currentThread().getName());
      return operations.execute(command);
    });
    return proxy;
  }

  static ObjectNode command(String id, String type) {
    return TestClient.JSON.createObjectNode().put("id", id).put("type", type);
  }

  @Test
  void disconnect_overTheTapLink_closesTheClientWithTheReason_offTheEventLoop_andAnswers() {
    TappedStack.Proxy proxy = proxy(TappedStack.options(observer.url(), "proxy", "p1").build());
    assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
    TestClient client = stack.track(TestClient.connect(proxy.url()));

    observer.command(command("c1", "disconnect").put("connectionId", client.connectionId())
        .put("reason", "closed by the operator"));

    CloseInfo info = client.connection().closed().block(WAIT);
    assertThat(info.error()).isEqualTo("closed by the operator");
    assertThat(info.allowReconnect()).isFalse();
    JsonNode result = observer.awaitResult("c1", WAIT);
    assertThat(result.path("status").asString()).isEqualTo("ok");
    assertThat(result.path("affected").asLong()).isEqualTo(1);
    assertThat(handlerThreads).containsExactly("hubscope-tap-commands");
  }

  @Test
  void badCommands_areAnsweredAsRefusals_countedAndHarmNothing() {
    InMemoryTapMetrics metrics = new InMemoryTapMetrics();
    TappedStack.Proxy proxy = proxy(TappedStack.options(observer.url(), "proxy", "p1").metrics(metrics).build());
    assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
    TestClient client = stack.track(TestClient.connect(proxy.url()));

    observer.command(command("c2", "disconnect").put("connectionId", "nobody"));
    observer.command(command("c3", "sendToConnection").put("connectionId", client.connectionId())
        .put("vmId", "Echo").put("properties", "not an object"));
    observer.command(command("c4", "format the disk"));
    observer.command(TestClient.JSON.createObjectNode().put("type", "disconnect")); // no id: nobody to answer

    assertThat(observer.awaitResult("c2", WAIT).path("detail").asString()).contains("No client connection 'nobody'");
    assertThat(observer.awaitResult("c3", WAIT).path("detail").asString()).contains("JSON object");
    assertThat(observer.awaitResult("c4", WAIT).path("status").asString()).isEqualTo("rejected");
    assertThat(client.isOpen()).isTrue();
    assertThat(handlerThreads).hasSize(3);
    assertThat(metrics.commands(false)).isEqualTo(3);
    assertThat(metrics.commands(true)).isZero();
  }

  @Test
  void aTapWithoutToken_takesNoCommands_evenFromAnObserverThatLetItIn() {
    observer.openToAll();
    TappedStack.Proxy proxy = proxy(TappedStack.options(observer.url(), "proxy", "p1").token(null).build());
    assertThat(Await.until(proxy.tap::connected, WAIT)).isTrue();
    TestClient client = stack.track(TestClient.connect(proxy.url()));

    observer.command(command("c5", "disconnect").put("connectionId", client.connectionId()));

    assertThat(observer.awaitResult("c5", Duration.ofSeconds(1))).isNull();
    assertThat(client.isOpen()).isTrue();
    assertThat(handlerThreads).isEmpty();
  }

  @Test
  void aTap_followsNoNegotiateRedirect_soNoOtherServerGetsItsLink() {
    observer.openToAll();
    AtomicInteger redirected = new AtomicInteger();
    NegotiatePolicy redirector = new NegotiatePolicy() {
      @Override
      public Redirect redirect(ServerHttpRequest request) {
        redirected.incrementAndGet();
        return new Redirect(observer.url(), "a token of the redirector's choosing");
      }
    };
    HubTestServer front = stack.track(new HubTestServer(HubServer.builder().path("/observe")
        .negotiatePolicy(redirector).build()));
    TappedStack.Proxy proxy = proxy(TappedStack.options(front.url(), "proxy", "p1").build());

    assertThat(Await.until(() -> redirected.get() >= 2, WAIT)).as("the tap keeps trying").isTrue();
    assertThat(proxy.tap.connected()).isFalse();
    assertThat(observer.negotiations()).isZero();
  }

  @Test
  void theNodesOwnClients_cannotInvokeCommand() {
    TappedStack.Proxy proxy = proxy(TappedStack.options(observer.url(), "proxy", "p1").build());
    TestClient client = stack.track(TestClient.connect(proxy.url()));
    TestClient victim = stack.track(TestClient.connect(proxy.url()));

    ObjectNode attempt = command("c6", "disconnect").put("connectionId", victim.connectionId());
    Throwable error = org.assertj.core.api.Assertions.catchThrowable(
        () -> client.connection().invoke("Command", attempt).block(WAIT));

    assertThat(error).isInstanceOf(HubInvocationException.class);
    assertThat(victim.isOpen()).isTrue();
    assertThat(handlerThreads).isEmpty();
  }
}
