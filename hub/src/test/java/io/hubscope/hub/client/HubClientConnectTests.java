package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.testing.Inbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

/** HubClient.connect(): negotiate, redirects, WebSocket URL, handshake; against a real fake server. */
class HubClientConnectTests extends FakeHubServerTestSupport {

  @Test
  void connect_negotiatesVersion1AndOpensTheWebSocketWithTheToken() throws Exception {
    HubClientConnection connection = connect(client("/hub"));

    assertThat(connection.connectionId()).isEqualTo("cid-1");
    FakeHubServer.Request negotiate = server.nextNegotiation();
    assertThat(negotiate.uri()).isEqualTo("/hub/negotiate?negotiateVersion=1");
    assertThat(negotiate.headers().get("Content-Length")).isEqualTo("0");
    assertThat(server.nextSocket().uri()).isEqualTo("/hub?id=tok-1");
  }

  @Test
  void connect_usesConnectionIdForNegotiateVersion0Answers() throws Exception {
    HubClientConnection connection = connect(client("/v0"));

    assertThat(connection.connectionId()).isEqualTo("legacy-1");
    assertThat(server.nextSocket().uri()).isEqualTo("/v0?id=legacy-1");
  }

  @Test
  void connect_followsNegotiateRedirectWithItsAccessToken() throws Exception {
    HubClientConnection connection = connect(client("/redirect"));

    assertThat(connection.connectionId()).isEqualTo("cid-1");
    assertThat(server.nextNegotiation().uri()).startsWith("/redirect/negotiate");
    FakeHubServer.Request second = server.nextNegotiation();
    assertThat(second.uri()).startsWith("/hub/negotiate");
    assertThat(second.headers().get("Authorization")).isEqualTo("Bearer redirect token");
    assertThat(server.nextSocket().uri()).isEqualTo("/hub?id=tok-1&access_token=redirect+token");
  }

  @Test
  void connect_withoutFollowingRedirects_failsAtARedirectAndNeverOpensASocketElsewhere() throws Exception {
    StepVerifier.create(client("/redirect").followRedirects(false).build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageContaining("follows no redirects"))
        .verify(WAIT);
    assertThat(server.negotiations.drain()).hasSize(1);
  }

  @Test
  void connect_givesUpAfterTenRedirects() {
    StepVerifier.create(client("/loop").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageContaining("redirected more than 10 times"))
        .verify(WAIT);
    assertThat(server.negotiations.drain()).hasSize(11);
  }

  @Test
  void connect_sendsHeadersUserAgentAndAccessToken() throws Exception {
    connect(client("/hub").header("X-Tenant", "blue").userAgent("hubscope-load/1.0").accessToken("s3cret"));

    FakeHubServer.Request negotiate = server.nextNegotiation();
    assertThat(negotiate.headers().get("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(negotiate.headers().get("User-Agent")).isEqualTo("hubscope-load/1.0");
    assertThat(negotiate.headers().get("X-Tenant")).isEqualTo("blue");
    FakeHubServer.Request socket = server.nextSocket();
    assertThat(socket.uri()).isEqualTo("/hub?id=tok-1&access_token=s3cret");
    assertThat(socket.headers().get("User-Agent")).isEqualTo("hubscope-load/1.0");
    assertThat(socket.headers().get("X-Tenant")).isEqualTo("blue");
  }

  @Test
  void connect_withSkipNegotiationOpensTheWebSocketDirectly() throws Exception {
    HubClientConnection connection = connect(client("/hub").skipNegotiation(true));

    assertThat(connection.connectionId()).isNull();
    assertThat(server.negotiations.isEmpty()).as("no negotiate request").isTrue();
    assertThat(server.nextSocket().uri()).isEqualTo("/hub");
    assertThat(connection.invoke("echo", 7).block(WAIT).intValue()).isEqualTo(7);
  }

  @Test
  void connect_failsClearlyWhenNegotiateIsNotFound() {
    StepVerifier.create(client("/nothing-here").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageContaining("/nothing-here/negotiate").hasMessageContaining("404"))
        .verify(WAIT);
  }

  @Test
  void connect_toAOneDigitPort_isRefusedNotUnresolvable() {
    // Reactor Netty's own URL pattern reads "127.0.0.1:1" as a host name when given a string.
    StepVerifier.create(HubClient.builder("http://127.0.0.1:1/hub").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasRootCauseInstanceOf(java.net.ConnectException.class)
            .hasMessageContaining("Connection refused: /127.0.0.1:1"))
        .verify(WAIT);
  }

  @Test
  void connect_failsClearlyOnAMalformedUrl() {
    StepVerifier.create(HubClient.builder("http://bad host/hub").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageStartingWith("Not a valid URL: http://bad host/hub"))
        .verify(WAIT);
  }

  @Test
  void connect_failsWithTheNegotiateError() {
    StepVerifier.create(client("/denied").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessage("Negotiate refused: Tenant is suspended"))
        .verify(WAIT);
  }

  @Test
  void connect_failsWhenTheServerOffersNoWebSockets() {
    StepVerifier.create(client("/sse-only").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageContaining("offers no WebSockets transport"))
        .verify(WAIT);
  }

  @Test
  void connect_failsClearlyWhenTheHandshakeIsRefused() {
    server.mode = FakeHubServer.Mode.REFUSE_HANDSHAKE;

    StepVerifier.create(client("/hub").build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageContaining("Handshake refused")
            .hasMessageContaining("Requested protocol 'json' is not available."))
        .verify(WAIT);
  }

  @Test
  void connect_failsWhenNoHandshakeAnswerArrivesInTime() {
    server.mode = FakeHubServer.Mode.MUTE_HANDSHAKE;

    StepVerifier.create(client("/hub").handshakeTimeout(Duration.ofMillis(300)).build().connect())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectException.class)
            .hasMessageContaining("No handshake answer"))
        .verify(WAIT);
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void connect_deliversMessagesThatShareTheHandshakeFrame(HubProtocol protocol) throws Exception {
    server.mode = FakeHubServer.Mode.GREET_IN_HANDSHAKE_FRAME;
    Inbox<String> seen = new Inbox<>();

    HubClientConnection connection = client("/hub").protocol(protocol).build().connect()
        .doOnNext(c -> c.onInvocation(m -> seen.add(m.target())))
        .block(WAIT);
    opened.add(connection);

    assertThat(seen.next(WAIT)).isEqualTo("Welcome");
  }

  @Test
  void connect_manyConnectionsShareOneSmallEventLoop() {
    LoopResources loop = LoopResources.create("hub-load", 1, true);
    try {
      HubClient client = client("/hub")
          .httpClient(HttpClient.create().runOn(loop))
          .bindAddress("127.0.0.1")
          .build();

      List<HubClientConnection> connections = Flux.range(0, 200)
          .flatMap(i -> client.connect(), 50)
          .collectList().block(Duration.ofSeconds(30));
      opened.addAll(connections);

      Long echoed = Flux.fromIterable(connections)
          .flatMap(c -> c.invoke("echo", 1))
          .count().block(Duration.ofSeconds(30));
      assertThat(echoed).isEqualTo(200);
      assertThat(connections).extracting(HubClientConnection::connectionId).doesNotHaveDuplicates();
    } finally {
      for (HubClientConnection c : opened) c.close().block(WAIT);
      opened.clear();
      loop.disposeLater().block(WAIT);
    }
  }
}
