package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HubClientBuilderTests {

  @Test
  void builder_failsFastOnBadSettings() {
    assertThatThrownBy(() -> HubClient.builder("localhost:8081/dotnetify"))
        .hasMessageContaining("baseUrl must be an http(s) or ws(s) URL");
    assertThatThrownBy(() -> HubClient.builder("http://h/hub").maxMessageSize(0))
        .hasMessage("maxMessageSize < 1: 0");
    assertThatThrownBy(() -> HubClient.builder("http://h/hub").handshakeTimeout(Duration.ZERO))
        .hasMessageContaining("handshakeTimeout must be positive");
    assertThatThrownBy(() -> HubClient.builder("http://h/hub")
        .keepAliveInterval(Duration.ofSeconds(30)).serverTimeout(Duration.ofSeconds(30)).build())
        .hasMessageContaining("must be longer than keepAliveInterval");
  }

  @Test
  void negotiateUrl_keepsTheHubQueryAndDropsATrailingSlash() {
    assertThat(Negotiator.negotiateUrl("http://h:8081/dotnetify"))
        .isEqualTo("http://h:8081/dotnetify/negotiate?negotiateVersion=1");
    assertThat(Negotiator.negotiateUrl("http://h/dotnetify/?tenant=a"))
        .isEqualTo("http://h/dotnetify/negotiate?tenant=a&negotiateVersion=1");
  }

  @Test
  void webSocketUrl_switchesSchemeAndAddsTokens() {
    assertThat(WebSocketConnector.webSocketUrl(new Negotiator.Endpoint("https://h/hub", "a+b/c", "id", null)))
        .isEqualTo("wss://h/hub?id=a%2Bb%2Fc");
    assertThat(WebSocketConnector.webSocketUrl(new Negotiator.Endpoint("http://h/hub?x=1", "t", "id", "tok en")))
        .isEqualTo("ws://h/hub?x=1&id=t&access_token=tok+en");
    assertThat(WebSocketConnector.webSocketUrl(new Negotiator.Endpoint("ws://h/hub", null, null, null)))
        .isEqualTo("ws://h/hub");
  }
}
