package io.hubscope.app.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.app.clients.NodeClientCheck;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The official npm client with each transport forced, redirected by the app server's negotiate to
 * a proxy: the proxy serves it over that transport through the same hub library and forwards its
 * calls; the app server's logical connection reports the client's transport.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hubscope.app.shared-secret=" + ForwardingStack.SECRET,
    "hubscope.app.redirect-to-proxies=true"})
@Import(NodeClientCheck.Recording.class)
class NodeClientThroughProxyIT {

  @LocalServerPort int port;
  @Autowired ForwardReceiver receiver;
  @Autowired NodeClientCheck.TransportRecorder transports;

  final ForwardingStack stack = new ForwardingStack();
  ForwardingStack.Proxy proxy;

  String appUrl() {
    return "http://127.0.0.1:" + port + "/dotnetify";
  }

  @BeforeEach
  void startProxy() {
    proxy = stack.redirectTarget(this::appUrl, "transports");
    assertThat(Await.until(() -> receiver.directory().proxies().size() == 1, WAIT)).isTrue();
  }

  @AfterEach
  void close() {
    stack.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ServerSentEvents,json", "LongPolling,json", "LongPolling,messagepack", "WebSockets,json"})
  void npmClient_throughAProxy_withEachTransportForced(String transport, String protocol) throws Exception {
    JsonNode seen = NodeClientCheck.run(appUrl(), transport, protocol);
    NodeClientCheck.assertSawEverything(seen);
    String id = seen.get("connectionId").asString();
    assertThat(transports.transportOf(id)).as("the app server's logical connection").isEqualTo(transport);
    assertThat(Await.until(() -> receiver.logicalConnections() == 0, WAIT)).as("closed through the proxy").isTrue();
    assertThat(Await.until(() -> proxy.server.hub().connections().size() == 0, WAIT)).isTrue();
  }
}
