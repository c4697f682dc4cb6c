package io.hubscope.hub.boot.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class ManagementTokenFilterTests {

  final AtomicBoolean passed = new AtomicBoolean();

  MockServerWebExchange call(ManagementTokenFilter filter, MockServerHttpRequest request) {
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    filter.filter(exchange, e -> {
      passed.set(true);
      return Mono.empty();
    }).block();
    return exchange;
  }

  @Test
  void missingToken_isRefusedWithAProblemDetail() {
    ManagementTokenFilter filter = new ManagementTokenFilter("s3cret", "/actuator");
    MockServerWebExchange exchange = call(filter, MockServerHttpRequest.get("/actuator/prometheus").build());

    assertThat(passed).isFalse();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo(
        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"This endpoint needs Authorization: Bearer <management token>\","
            + "\"instance\":\"/actuator/prometheus\"}");
    assertThat(filter.refused()).isEqualTo(1);
  }

  @Test
  void noConfiguredToken_saysTheEndpointIsOff() {
    ManagementTokenFilter filter = new ManagementTokenFilter("", "/actuator");
    MockServerWebExchange exchange = call(filter,
        MockServerHttpRequest.get("/actuator/metrics").header("Authorization", "Bearer anything").build());

    assertThat(passed).isFalse();
    assertThat(exchange.getResponse().getBodyAsString().block())
        .contains("\"status\":401").contains("No management token configured (hubscope.management.token)");
  }

  @Test
  void probesAndTheRightToken_pass() {
    ManagementTokenFilter filter = new ManagementTokenFilter("s3cret", "/actuator");
    call(filter, MockServerHttpRequest.get("/actuator/health/readiness").build());
    assertThat(passed).isTrue();
    passed.set(false);
    call(filter, MockServerHttpRequest.get("/actuator/prometheus").header("Authorization", "Bearer s3cret").build());
    assertThat(passed).isTrue();
    assertThat(filter.refused()).isZero();
  }

  @Test
  void quote_escapesJson() {
    assertThat(ManagementTokenFilter.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\u000ad\"");
  }
}
