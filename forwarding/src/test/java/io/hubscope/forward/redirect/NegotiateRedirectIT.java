package io.hubscope.forward.redirect;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import io.hubscope.forward.receiver.LogicalConnection;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/** The app server as front door: negotiate redirects to the least-loaded proxy, with a signed token. */
class NegotiateRedirectIT {

  final ForwardingStack stack = new ForwardingStack();
  final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : clients) c.close();
    stack.close();
  }

  HubConnection official(String url, BlockingQueue<String[]> responses) {
    HubConnection connection = HubConnectionBuilder.create(url).withHeader("User-Agent", "OfficialJavaClient/9").build();
    connection.on("Response_VM", (String[] args) -> responses.add(args), String[].class);
    connection.start().blockingAwait(10, TimeUnit.SECONDS);
    clients.add(() -> connection.stop().blockingAwait(10, TimeUnit.SECONDS));
    return connection;
  }

  static boolean reported(ForwardingStack.App app, ForwardingStack.Proxy proxy, int clients) {
    return app.receiver.directory().proxies().stream()
        .anyMatch(p -> p.nodeId().equals(proxy.forwarder().pool().nodeId()) && p.clients() == clients);
  }

  @Test
  void officialJavaClient_isRedirectedToTheLeastLoadedProxy() throws Exception {
    ForwardingStack.App app = stack.redirectingApp();
    ForwardingStack.Proxy busy = stack.redirectTarget(app, "busy");
    assertThat(Await.until(() -> reported(app, busy, 0), WAIT)).isTrue();
    for (int i = 0; i < 3; i++) {
      TestClient early = TestClient.connect(app.url());
      clients.add(early);
    }
    assertThat(busy.forwarder().pool().clients()).as("the only proxy took them").isEqualTo(3);
    ForwardingStack.Proxy fresh = stack.redirectTarget(app, "fresh");
    assertThat(Await.until(() -> reported(app, busy, 3) && reported(app, fresh, 0), WAIT))
        .as("directory: %s", app.receiver.directory().proxies()).isTrue();

    BlockingQueue<String[]> responses = new LinkedBlockingQueue<>();
    HubConnection connection = official(app.url(), responses);

    assertThat(connection.getConnectionState()).isEqualTo(HubConnectionState.CONNECTED);
    assertThat(fresh.forwarder().pool().session(connection.getConnectionId())).as("landed on the fresh proxy").isNotNull();
    connection.invoke("Request_VM", "Whoami", Map.of()).blockingAwait(5, TimeUnit.SECONDS);
    String[] whoami = responses.poll(5, TimeUnit.SECONDS);
    assertThat(whoami).isNotNull();
    assertThat(whoami[1]).contains(connection.getConnectionId()).contains("OfficialJavaClient/9");
    LogicalConnection logical = (LogicalConnection) app.hub().connections().get(connection.getConnectionId());
    assertThat(logical.origin().nodeId()).isEqualTo(fresh.forwarder().pool().nodeId());
  }

  @Test
  void newClients_spreadOverProxies() {
    ForwardingStack.App app = stack.redirectingApp();
    ForwardingStack.Proxy one = stack.redirectTarget(app, "one");
    ForwardingStack.Proxy two = stack.redirectTarget(app, "two");
    assertThat(Await.until(() -> reported(app, one, 0) && reported(app, two, 0), WAIT)).isTrue();

    for (int i = 0; i < 10; i++) clients.add(TestClient.connect(app.url()));

    assertThat(one.forwarder().pool().clients()).as("directory: %s", app.receiver.directory().proxies()).isEqualTo(5);
    assertThat(two.forwarder().pool().clients()).isEqualTo(5);
    assertThat(app.hub().connections().size()).as("no client stayed on the app server itself")
        .isEqualTo(2 * one.forwarder().pool().size());
  }

  @Test
  void proxy_refusesClientsWithoutAValidToken() {
    ForwardingStack.App app = stack.redirectingApp();
    ForwardingStack.Proxy proxy = stack.redirectTarget(app, "strict");
    AccessTokens tokens = new AccessTokens(ForwardingStack.SECRET);

    assertThat(negotiate(proxy.url(), null)).isEqualTo(401);
    assertThat(negotiate(proxy.url(), tokens.issue("someone-else", Duration.ofSeconds(30)))).isEqualTo(401);
    assertThat(negotiate(proxy.url(), new AccessTokens("another-secret-of-enough-length").issue("strict",
        Duration.ofSeconds(30)))).isEqualTo(401);
    assertThat(negotiate(proxy.url(), tokens.issue("strict", Duration.ofSeconds(30)))).isEqualTo(200);
  }

  static int negotiate(String url, String token) {
    return HttpClient.create()
        .headers(h -> {
          if (token != null) h.set("Authorization", "Bearer " + token);
        })
        .post().uri(url + "/negotiate?negotiateVersion=1")
        .response().map(r -> r.status().code()).block(WAIT);
  }
}
