package io.hubscope.app.api;

import io.hubscope.hub.operations.HubOperations;
import io.hubscope.hub.operations.OperationRefusedException;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST data plane: backends push property updates to the hub's clients (as {@code Response_VM},
 * the view models' own path, so clients behind proxies get them down the forwarding link) and
 * manage groups and connections. {@link HubApiFilter} has checked the caller before a handler runs;
 * here the body is read up to its cap and checked as JSON.
 */
@RestController
@RequestMapping("/api/v1/hub")
class HubApiController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HubOperations operations;
  private final int maxBodyBytes;

  HubApiController(HubOperations operations, HubApiProperties properties) {
    this.operations = operations;
    this.maxBodyBytes = Math.toIntExact(properties.maxBodySize().toBytes());
  }

  @PostMapping("/send")
  Mono<Map<String, Object>> sendToAll(ServerWebExchange exchange) {
    return body(exchange, b -> operations.sendToAll(text(b, "vmId"), b.get("properties")));
  }

  @PostMapping("/groups/{group}/send")
  Mono<Map<String, Object>> sendToGroup(@PathVariable String group, ServerWebExchange exchange) {
    return body(exchange, b -> operations.sendToGroup(group, text(b, "vmId"), b.get("properties")));
  }

  @PostMapping("/connections/{connectionId}/send")
  Mono<Map<String, Object>> sendToConnection(@PathVariable String connectionId, ServerWebExchange exchange) {
    return body(exchange, b -> operations.sendToConnection(connectionId, text(b, "vmId"), b.get("properties")));
  }

  @PostMapping("/view-models/{vmId}/send")
  Mono<Map<String, Object>> sendToViewModel(@PathVariable String vmId, ServerWebExchange exchange) {
    return body(exchange, b -> operations.sendToViewModel(vmId, b.get("properties")));
  }

  @PostMapping("/groups/{group}/add")
  Mono<Map<String, Object>> addToGroup(@PathVariable String group, ServerWebExchange exchange) {
    return body(exchange, b -> {
      operations.addToGroup(text(b, "connectionId"), group);
      return 1;
    });
  }

  @PostMapping("/groups/{group}/remove")
  Mono<Map<String, Object>> removeFromGroup(@PathVariable String group, ServerWebExchange exchange) {
    return body(exchange, b -> {
      operations.removeFromGroup(text(b, "connectionId"), group);
      return 1;
    });
  }

  @PostMapping("/connections/{connectionId}/close")
  Mono<Map<String, Object>> close(@PathVariable String connectionId, ServerWebExchange exchange) {
    return body(exchange, b -> {
      operations.disconnect(connectionId, text(b, "reason"));
      return 1;
    });
  }

  /** Reads the body (at most the cap; empty counts as {}), checks it is a JSON object, runs {@code action}. */
  private Mono<Map<String, Object>> body(ServerWebExchange exchange, Function<JsonNode, Integer> action) {
    return DataBufferUtils.join(exchange.getRequest().getBody(), maxBodyBytes)
        .map(buffer -> {
          try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
          } finally {
            DataBufferUtils.release(buffer);
          }
        })
        .defaultIfEmpty(new byte[0])
        .onErrorMap(DataBufferLimitException.class, e -> new ApiProblem(
            HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + maxBodyBytes + " bytes"))
        .map(bytes -> {
          JsonNode b = parse(bytes);
          try {
            return Map.<String, Object>of("recipients", action.apply(b));
          } catch (OperationRefusedException e) {
            throw ApiProblem.of(e);
          }
        });
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) return JSON.createObjectNode();
    JsonNode b;
    try {
      b = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "The body is not valid JSON: "
          + e.getOriginalMessage());
    }
    if (b == null || !b.isObject()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "The body must be a JSON object");
    }
    return b;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value != null && !value.isNull() && !value.isString()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, field + " must be a string");
    }
    return value == null || value.isNull() ? null : value.asString();
  }

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<Map<String, Object>> problem(ApiProblem e, ServerWebExchange exchange) {
    return ResponseEntity.status(e.status()).contentType(ApiProblem.PROBLEM_JSON)
        .body(e.body(exchange.getRequest().getPath().value()));
  }
}
