package io.hubscope.observer.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

class ApiErrorsTests {

  final ApiErrors errors = new ApiErrors();

  @Test
  void failure_isA500ProblemWithoutTheExceptionsText() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/summary"));

    ResponseEntity<ProblemDetail> answer =
        errors.failed(new IllegalStateException("jdbc:h2:file:/secret/path broke"), exchange).block();

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    ProblemDetail problem = answer.getBody();
    assertThat(problem.getTitle()).isEqualTo("Internal Server Error");
    assertThat(problem.getDetail()).doesNotContain("secret").doesNotContain("IllegalState");
    assertThat(problem.getInstance()).hasToString("/api/v1/summary");
    assertThat(problem.getProperties()).isNull();
  }

  @Test
  void failureOfAPage_isLeftToTheErrorPage() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/connections"));
    IllegalStateException failure = new IllegalStateException("boom");

    StepVerifier.create(errors.failed(failure, exchange)).expectErrorMatches(e -> e == failure).verify();
  }

  @Test
  void badParameter_namesIt() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/nodes"));

    ProblemDetail problem = errors.badRequest(
        new BadRequestException("seconds", "seconds must be between 0 and 900: 901"), exchange).getBody();

    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getType()).hasToString("about:blank");
    assertThat(problem.getProperties()).containsEntry("parameter", "seconds");
  }
}
