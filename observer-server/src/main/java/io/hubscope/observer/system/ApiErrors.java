package io.hubscope.observer.system;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every error of the API as an RFC 9457 problem detail ({@code application/problem+json}): bad
 * parameters (400, naming the parameter), unknown resources and routes (404), wrong methods (405)
 * and anything else Spring refuses with a status, and failures (500, with nothing of the
 * exception in the body). Errors of the dashboard's pages keep Spring Boot's error page.
 */
@RestControllerAdvice
class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final URI ABOUT_BLANK = URI.create("about:blank");

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<ProblemDetail> badRequest(BadRequestException e, ServerWebExchange exchange) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.getMessage(), exchange);
    if (e.parameter() != null) {
      problem.setProperty("parameter", e.parameter());
    }
    return respond(problem);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.NOT_FOUND, e.getMessage(), exchange));
  }

  /** What Spring refuses itself: no route (404), wrong method (405), unbindable parameter (400). */
  @ExceptionHandler(ErrorResponseException.class)
  Mono<ResponseEntity<ProblemDetail>> refused(ErrorResponseException e, ServerWebExchange exchange) {
    if (!isApi(exchange)) {
      return Mono.error(e);
    }
    HttpStatusCode status = e.getStatusCode();
    ProblemDetail problem = problem(status, detail(e), exchange);
    if (e instanceof ServerWebInputException input && input.getCause() instanceof TypeMismatchException m
        && m.getPropertyName() != null) {
      problem.setProperty("parameter", m.getPropertyName());
    }
    return Mono.just(ResponseEntity.status(status).headers(e.getHeaders())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem));
  }

  /** A failure of the observer: logged whole, answered without its message or stack. */
  @ExceptionHandler(Exception.class)
  Mono<ResponseEntity<ProblemDetail>> failed(Exception e, ServerWebExchange exchange) {
    if (!isApi(exchange)) {
      return Mono.error(e);
    }
    log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e);
    return Mono.just(respond(problem(HttpStatus.INTERNAL_SERVER_ERROR,
        "The observer failed to answer this request; the cause is in its log", exchange)));
  }

  private static String detail(ErrorResponseException e) {
    if (e instanceof ServerWebInputException && e.getCause() instanceof TypeMismatchException m
        && m.getPropertyName() != null) {
      String type = m.getRequiredType() == null ? "value" : m.getRequiredType().getSimpleName().toLowerCase();
      return m.getPropertyName() + " must be " + (type.startsWith("int") || type.equals("long")
          ? "a whole number" : "a " + type) + ": " + m.getValue();
    }
    String detail = e.getBody().getDetail();
    return detail == null ? e.getStatusCode().toString() : detail;
  }

  private static boolean isApi(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/");
  }

  private static ProblemDetail problem(HttpStatusCode status, String detail, ServerWebExchange exchange) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    // Spelled out (absent means the same), so every error of the API has the same five members.
    problem.setType(ABOUT_BLANK);
    problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    return problem;
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
