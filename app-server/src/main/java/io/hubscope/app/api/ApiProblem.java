package io.hubscope.app.api;

import io.hubscope.hub.operations.OperationRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** A refusal of the REST data plane, answered as an RFC 9457 problem detail. */
final class ApiProblem extends RuntimeException {

  static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpStatus status;

  ApiProblem(HttpStatus status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  HttpStatus status() {
    return status;
  }

  /** The answer to a hub operation's refusal: 400, 413, 404 or 409. */
  static ApiProblem of(OperationRefusedException e) {
    HttpStatus status = switch (e.kind()) {
      case INVALID -> HttpStatus.BAD_REQUEST;
      case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case LIMIT -> HttpStatus.CONFLICT;
    };
    return new ApiProblem(status, e.getMessage());
  }

  /** The problem document: type, title, status, detail, instance. */
  Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", getMessage());
    body.put("instance", instance);
    return body;
  }

  /** Writes this problem as the response (for refusals before any controller runs). */
  Mono<Void> write(ServerWebExchange exchange) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(PROBLEM_JSON);
    response.getHeaders().setCacheControl("no-store");
    byte[] bytes = JSON.writeValueAsString(body(exchange.getRequest().getPath().value())).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
