package io.hubscope.observer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import io.hubscope.hub.client.CloseInfo;
import io.hubscope.hub.client.HubConnectException;
import io.hubscope.hub.operations.HubOperations;
import io.hubscope.hub.server.HubServer;
import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import io.hubscope.observer.control.CommandResult.Status;
import io.hubscope.tap.HubCommandHandler;
import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;
import io.hubscope.tap.testing.TappedStack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The whole control path: a running observer's {@link NodeControl} commands a real app server and a
 * real proxy over their taps' links, and a real client behind the proxy sees the outcome.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=test-ingest-token",
        "spring.datasource.url=jdbc:h2:mem:path-${random.uuid};DB_CLOSE_DELAY=-1"})
class ControlPathIT {

  static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired NodeControl control;
  @Autowired TapLinks links;

  final ForwardingStack stack = new ForwardingStack();
  TappedStack.Proxy proxy;
  String proxyNode;

  TapOptions.Builder tap(String role, String name) {
    return TappedStack.options("http://127.0.0.1:" + port + "/observe", role, name)
        .token(ObserverTestSupport.INGEST_TOKEN);
  }

  @BeforeEach
  void start() {
    Tap[] appTap = new Tap[1];
    ForwardingStack.App app = TappedStack.app(stack, tap("app", "app-1").build(), appTap);
    HubServer appHub = app.hub();
    ForwardReceiver receiver = app.receiver;
    appTap[0].acceptCommands(new HubCommandHandler(appHub,
        new HubOperations(appHub, HubOperations.DEFAULT_MAX_PUSH_BYTES, receiver::isProxyConnection), false));
    proxy = TappedStack.proxy(stack, app, tap("proxy", "proxy-1").build(), 2);
    HubServer proxyHub = proxy.server.hub();
    proxy.tap.acceptCommands(new HubCommandHandler(proxyHub, new HubOperations(proxyHub), true));
    proxyNode = proxy.tap.options().node().id();
    String appNode = appTap[0].options().node().id();
    assertThat(Await.until(() -> links.get(proxyNode) != null && links.get(appNode) != null, WAIT))
        .as("both nodes' tap links are up").isTrue();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void disconnect_fromTheObserver_closesAClientOnAProxy_whichReadsTheReason() {
    TestClient client = stack.track(TestClient.connect(proxy.url()));
    TestClient bystander = stack.track(TestClient.connect(proxy.url()));

    CommandResult result = control.execute(new NodeCommand.Disconnect(proxyNode, client.connectionId(),
        "Closed by admin: suspicious traffic")).block(WAIT);

    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.affected()).isEqualTo(1);
    CloseInfo info = client.connection().closed().block(WAIT);
    assertThat(info.reason()).isEqualTo(CloseInfo.Reason.SERVER_CLOSE);
    assertThat(info.error()).isEqualTo("Closed by admin: suspicious traffic");
    assertThat(bystander.isOpen()).isTrue();
  }

  @Test
  void sendToViewModel_fromTheObserver_reachesTheClientsBehindTheProxy_onTheForwardingPath() {
    TestClient a = stack.track(TestClient.connect(proxy.url()));
    TestClient b = stack.track(TestClient.connect(proxy.url()));
    TestClient other = stack.track(TestClient.connect(proxy.url()));
    a.request("ChatRoom", Map.of("Room", "R1"));
    b.request("ChatRoom", Map.of("Room", "R1"));
    other.request("Echo", Map.of());

    CommandResult result = control.execute(new NodeCommand.SendToViewModel("ChatRoom",
        TestClient.JSON.createObjectNode().put("Notice", "maintenance at noon"))).block(WAIT);

    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.affected()).isEqualTo(2);
    for (TestClient c : new TestClient[] {a, b}) {
      JsonNode notice = c.await("ChatRoom", r -> r.has("Notice"), WAIT);
      assertThat(notice).as("notice to %s", c.connectionId()).isNotNull();
      assertThat(notice.get("Notice").asString()).isEqualTo("maintenance at noon");
    }
    assertThat(other.await("ChatRoom", r -> true, Duration.ofMillis(300))).isNull();
  }

  @Test
  void drain_fromTheObserver_refusesNewClientsAtTheProxy_andUndrainTakesThemAgain() {
    TestClient client = stack.track(TestClient.connect(proxy.url()));

    CommandResult drained = control.execute(new NodeCommand.Drain(proxyNode, Duration.ofMillis(200))).block(WAIT);

    assertThat(drained.status()).isEqualTo(Status.OK);
    assertThat(drained.affected()).isEqualTo(1);
    CloseInfo info = client.connection().closed().block(WAIT);
    assertThat(info.allowReconnect()).isTrue();
    assertThatThrownBy(() -> TestClient.connect(proxy.url())).isInstanceOf(HubConnectException.class)
        .hasMessageContaining("draining");

    assertThat(control.execute(new NodeCommand.Undrain(proxyNode)).block(WAIT).status()).isEqualTo(Status.OK);
    assertThat(stack.track(TestClient.connect(proxy.url())).isOpen()).isTrue();
  }
}
