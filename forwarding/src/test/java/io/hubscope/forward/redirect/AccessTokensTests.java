package io.hubscope.forward.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccessTokensTests {

  static final String SECRET = "a-shared-secret-of-some-length";
  final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final AccessTokens tokens = new AccessTokens(SECRET, Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void token_isAcceptedByItsAudienceUntilItExpires() {
    String token = tokens.issue("proxy-1", Duration.ofSeconds(30));

    assertThat(tokens.verify(token, "proxy-1")).isTrue();
    assertThat(new AccessTokens(SECRET, Clock.fixed(now.plusSeconds(30), ZoneOffset.UTC)).verify(token, "proxy-1"))
        .isTrue();
    assertThat(new AccessTokens(SECRET, Clock.fixed(now.plusSeconds(31), ZoneOffset.UTC)).verify(token, "proxy-1"))
        .as("expired").isFalse();
  }

  @Test
  void token_isRefusedByAnotherAudienceOrSecret() {
    String token = tokens.issue("proxy-1", Duration.ofSeconds(30));

    assertThat(tokens.verify(token, "proxy-2")).isFalse();
    assertThat(new AccessTokens("another-secret-entirely!", Clock.fixed(now, ZoneOffset.UTC)).verify(token, "proxy-1"))
        .isFalse();
  }

  @Test
  void tamperedOrMalformedTokens_areRefused() {
    String token = tokens.issue("proxy-1", Duration.ofSeconds(30));
    String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("v1|proxy-1|9999999999|x".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(tokens.verify(forgedPayload + token.substring(token.indexOf('.')), "proxy-1")).isFalse();
    assertThat(tokens.verify(null, "proxy-1")).isFalse();
    assertThat(tokens.verify("", "proxy-1")).isFalse();
    assertThat(tokens.verify("not-a-token", "proxy-1")).isFalse();
    assertThat(tokens.verify("%%%.%%%", "proxy-1")).isFalse();
    assertThat(tokens.verify(token + "x", "proxy-1")).isFalse();
  }

  @Test
  void tokens_areUniquePerIssue() {
    assertThat(tokens.issue("p", Duration.ofSeconds(5))).isNotEqualTo(tokens.issue("p", Duration.ofSeconds(5)));
  }

  @Test
  void shortSecret_isRefused() {
    assertThatThrownBy(() -> new AccessTokens("short")).hasMessageContaining("at least 16 characters");
  }
}
