package io.hubscope.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class HubApiFilterTests {

  static MockServerWebExchange call(String bearer) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/api/v1/hub/send");
    if (bearer != null) request.header("Authorization", "Bearer " + bearer);
    return MockServerWebExchange.from(request);
  }

  static HubApiFilter filter(String key) {
    return new HubApiFilter(new ApiCredentials(key, null, Clock.systemUTC()),
        new RateLimiter(100, 100, 100, System::nanoTime), 1024);
  }

  @Test
  void withNoCredentialConfigured_everyCallIsRefused_whateverItPresents() {
    boolean[] passed = {false};
    for (String bearer : new String[] {null, "", "anything-at-all-of-some-length"}) {
      MockServerWebExchange exchange = call(bearer);
      filter(null).filter(exchange, e -> {
        passed[0] = true;
        return Mono.empty();
      }).block();
      assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(exchange.getResponse().getBodyAsString().block()).contains("The hub API is off");
    }
    assertThat(passed[0]).isFalse();
  }

  @Test
  void theKey_letsTheCallThrough_andATokenInTheQueryStringDoesNot() {
    String key = "k".repeat(24);
    boolean[] passed = {false};
    filter(key).filter(call(key), e -> {
      passed[0] = true;
      return Mono.empty();
    }).block();
    assertThat(passed[0]).isTrue();

    MockServerWebExchange query = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/hub/send?access_token=" + key));
    filter(key).filter(query, e -> Mono.error(new AssertionError("let through"))).block();
    assertThat(query.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aShortKey_failsAtStartup() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter("short"))
        .hasMessageContaining("at least 24 characters");
  }
}
