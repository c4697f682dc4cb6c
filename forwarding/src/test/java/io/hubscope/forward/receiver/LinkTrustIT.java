package io.hubscope.forward.receiver;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.redirect.AccessTokens;
import io.hubscope.forward.redirect.ProxyRedirectPolicy;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestViewModels;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.transport.NegotiatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may speak as a proxy: the fake-proxy attack of issue 12 (a plain client registering a proxy
 * URL for the negotiate redirect and inventing forwarded clients) against an app server without a
 * secret, and with one but without a valid, fresh, single-use proof for the node it claims.
 */
class LinkTrustIT {

  static final String OLD = "the-old-shared-secret-0123456789";
  static final JsonMapper JSON = JsonMapper.builder().build();

  final ForwardingStack stack = new ForwardingStack();
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    stack.close();
  }

  /** An app server with the test view models, a redirect to proxies when forwarding is on, and counted errors. */
  final class App {
    final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
    final ForwardReceiver receiver;
    final HubTestServer server;

    App(SharedSecrets secrets) {
      HubServerBuilder builder = HubServer.builder().metrics(metrics).viewModels(ViewModels.of(TestViewModels.registry()));
      receiver = ForwardReceiver.create(secrets).installOn(builder);
      if (receiver.enabled()) {
        builder.negotiatePolicy(new ProxyRedirectPolicy(receiver, new AccessTokens(secrets), Duration.ofSeconds(30)));
      }
      HubServer hub = builder.build();
      receiver.bind(hub);
      server = new HubTestServer(hub, 0);
      open.add(server);
    }

    String url() {
      return server.url();
    }
  }

  HubClientConnection connect(String url, String proof) {
    HubClient.Builder b = HubClient.builder(url).skipNegotiation(true).userAgent("attacker/1");
    if (proof != null) b.header(LinkProof.HEADER, proof);
    HubClientConnection c = b.build().connect().block(WAIT);
    open.add(() -> c.close().block(WAIT));
    return c;
  }

  static ObjectNode status(String nodeId) {
    ObjectNode s = JSON.createObjectNode();
    s.put("nodeId", nodeId).put("nodeName", "evil").put("url", "http://evil.example/dotnetify")
        .put("clients", 0).put("opened", 0);
    return s;
  }

  static ObjectNode forgedClient(String nodeId) {
    ObjectNode meta = JSON.createObjectNode();
    meta.putObject("$fwdConnContext").put("connectionId", "forged-client").put("nodeId", nodeId)
        .put("remoteIp", "6.6.6.6").put("remotePort", 666).put("userAgent", "forged/1").put("protocol", "json")
        .put("timestamp", 1L);
    return meta;
  }

  static Throwable error(Mono<?> call) {
    try {
      call.block(WAIT);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Both halves of the attack: register a proxy URL, and invent a forwarded client. */
  static void assertFakeProxyFails(App app, HubClientConnection intruder, String expected) {
    assertThat(error(intruder.invoke("ProxyStatus", status("evil-1")))).hasMessageContaining(expected);
    assertThat(error(intruder.invoke("Invoke", "Request_VM", List.of("Whoami"), forgedClient("evil-1"))))
        .hasMessageContaining(expected);
    assertThat(app.receiver.directory().proxies()).as("no proxy registered").isEmpty();
    assertThat(app.server.hub().connections().get("forged-client")).as("no forged client").isNull();
  }

  static String negotiateAnswer(App app) {
    return reactor.netty.http.client.HttpClient.create().post()
        .uri(app.url() + "/negotiate?negotiateVersion=1").responseContent().aggregate().asString().block(WAIT);
  }

  @Test
  void withoutASecret_theForwardingMethodsDoNotExist() {
    App app = new App(null);
    HubClientConnection intruder = connect(app.url(), null);

    assertFakeProxyFails(app, intruder, "Unknown hub method");
    assertThat(app.metrics.errors("unknown_target")).as("counted").isEqualTo(2);
    assertThat(negotiateAnswer(app)).as("served here, never redirected").doesNotContain("evil").contains("connectionId");
  }

  @Test
  void withASecret_aClientWithoutProof_cannotPoseAsAProxy() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    HubClientConnection intruder = connect(app.url(), null);

    assertFakeProxyFails(app, intruder, "Only a forwarding proxy");
    assertThat(app.metrics.errors("forbidden")).as("counted").isEqualTo(2);
    assertThat(negotiateAnswer(app)).doesNotContain("evil");
  }

  @Test
  void anInvalidProof_isRefusedAtConnect_andCounted() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    String foreign = new LinkProofs(SharedSecrets.of("not-the-shared-secret-at-all")).issue("evil-1");

    assertRefusedAtConnect(app, foreign, LinkProofs.Refusal.INVALID);
  }

  @Test
  void aRedirectToken_isNotAProof() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    String token = new AccessTokens(ForwardingStack.SECRET).issue("evil-1", Duration.ofSeconds(30));

    assertRefusedAtConnect(app, token, LinkProofs.Refusal.INVALID);
  }

  @Test
  void aReplayedProof_isRefused() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    String proof = new LinkProofs(SharedSecrets.of(ForwardingStack.SECRET)).issue("proxy-1-abc");
    HubClientConnection first = connect(app.url(), proof);
    assertThat(error(first.invoke("ProxyStatus", status("proxy-1-abc")))).as("the first use is the proxy").isNull();

    assertRefusedAtConnect(app, proof, LinkProofs.Refusal.REPLAYED);
  }

  @Test
  void anExpiredProof_isRefused() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    java.time.Clock past = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-2));
    String proof = new LinkProofs(SharedSecrets.of(ForwardingStack.SECRET), past, 10).issue("proxy-1-abc");

    assertRefusedAtConnect(app, proof, LinkProofs.Refusal.EXPIRED);
  }

  @Test
  void aProof_speaksOnlyForItsOwnNodeId() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    String proof = new LinkProofs(SharedSecrets.of(ForwardingStack.SECRET)).issue("proxy-1-abc");
    HubClientConnection link = connect(app.url(), proof);

    assertFakeProxyFails(app, link, "proved node id 'proxy-1-abc', not 'evil-1'");
  }

  @Test
  void rotation_newAndOldProxiesForwardWhileTheAppListsBothSecrets() {
    String fresh = "the-new-shared-secret-9876543210";
    App app = new App(SharedSecrets.of(fresh, List.of(OLD)));
    ForwardingMiddleware onNew = proxyTo(app, "p-new", fresh);
    ForwardingMiddleware onOld = proxyTo(app, "p-old", OLD);
    ForwardingMiddleware onOther = proxyTo(app, "p-other", ForwardingStack.SECRET);

    assertThat(Await.until(() -> onNew.pool().connected() == 1 && onOld.pool().connected() == 1
        && app.receiver.directory().proxies().size() == 2, WAIT)).as("both proxies registered").isTrue();
    assertThat(app.receiver.directory().proxies()).extracting(ProxyDirectory.Proxy::nodeName)
        .containsExactlyInAnyOrder("p-new", "p-old");
    assertThat(Await.until(() -> app.receiver.refusedProofs(LinkProofs.Refusal.INVALID) >= 2, WAIT))
        .as("the proxy with an unlisted secret keeps being refused").isTrue();
    // Not onOther.pool().connected() == 0: a refused proof is found when the WebSocket opens, so
    // the other proxy's link is up for the moment before the close (CI caught it at 1). What it
    // never gets is a place in the app server's proxy list.
    assertThat(app.receiver.directory().proxies()).extracting(ProxyDirectory.Proxy::nodeName)
        .containsExactlyInAnyOrder("p-new", "p-old");
  }

  @Test
  void aRealProxy_reconnectsWithAFreshProofEachTime() {
    App app = new App(SharedSecrets.of(ForwardingStack.SECRET));
    ForwardingMiddleware proxy = proxyTo(app, "p", ForwardingStack.SECRET);
    assertThat(Await.until(() -> app.receiver.directory().proxies().size() == 1, WAIT)).isTrue();

    app.server.hub().connections().all().forEach(c -> c.close(io.hubscope.hub.connection.CloseReason.NORMAL, null));

    assertThat(Await.until(() -> proxy.pool().connected() == 1 && app.receiver.directory().proxies().size() == 1, WAIT))
        .as("reconnected and registered again").isTrue();
    assertThat(app.receiver.refusedProofs(LinkProofs.Refusal.REPLAYED)).isZero();
  }

  private ForwardingMiddleware proxyTo(App app, String nodeName, String secret) {
    ForwardingStack.Proxy proxy = stack.proxy(NegotiatePolicy.OPEN, new ForwardingStack.Forward(app::url,
        ForwardingStack.options(nodeName).sharedSecret(secret).poolSize(1).publicUrl("http://" + nodeName + "/dotnetify")
            .build()));
    return proxy.forwarder();
  }

  private void assertRefusedAtConnect(App app, String proof, LinkProofs.Refusal reason) {
    HubClientConnection intruder = connect(app.url(), proof);
    assertThat(Await.until(() -> !intruder.isOpen(), WAIT)).as("closed at connect").isTrue();
    assertThat(intruder.closed().block(WAIT).error()).contains("link proof refused");
    assertThat(app.receiver.refusedProofs(reason)).isEqualTo(1);
  }
}
