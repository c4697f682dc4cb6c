package io.hubscope.hub.boot.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the actuator of a hub node: health and its liveness and readiness probes stay public
 * (configure them to show the status only), every other endpoint (metrics, Prometheus, info, the
 * index, a health group with details) needs {@code Authorization: Bearer <token>}. Without a
 * configured token those endpoints are refused to everyone. Refusals are 401 with the reason in
 * an RFC 9457 problem detail, counted. (A principal would not help health's
 * {@code when-authorized}: without Spring Security the actuator never sees one.)
 */
public final class ManagementTokenFilter implements WebFilter {

  private final byte[] token;
  private final String basePath;
  private final LongAdder refused = new LongAdder();

  /**
   * @param token the bearer token; null or blank refuses every protected endpoint
   * @param basePath the actuator's base path ({@code management.endpoints.web.base-path})
   */
  public ManagementTokenFilter(String token, String basePath) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = normalized(exchange.getRequest().getPath().pathWithinApplication());
    if (!path.equals(basePath) && !path.startsWith(basePath + "/")) return chain.filter(exchange);
    if (isPublic(path) || presentsToken(exchange)) return chain.filter(exchange);
    refused.increment();
    return refuse(exchange, token == null
        ? "No management token configured (hubscope.management.token): this endpoint is off"
        : "This endpoint needs Authorization: Bearer <management token>");
  }

  /** Requests to protected endpoints refused for a missing or wrong token. */
  public long refused() {
    return refused.sum();
  }

  /**
   * The path as the endpoint mapping sees it: decoded, without matrix variables, empty segments
   * or a trailing slash, so {@code /actu%61tor;x/prometheus/} is not a way around the token.
   */
  static String normalized(PathContainer path) {
    StringBuilder sb = new StringBuilder();
    for (PathContainer.Element e : path.elements()) {
      if (e instanceof PathContainer.PathSegment s && !s.valueToMatch().isEmpty()) {
        sb.append('/').append(s.valueToMatch());
      }
    }
    return sb.isEmpty() ? "/" : sb.toString();
  }

  private boolean isPublic(String path) {
    return path.equals(basePath + "/health") || path.equals(basePath + "/health/liveness")
        || path.equals(basePath + "/health/readiness");
  }

  private boolean presentsToken(ServerWebExchange exchange) {
    if (token == null) return false;
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  /** An RFC 9457 problem detail, as the observer's API answers its errors. */
  private static Mono<Void> refuse(ServerWebExchange exchange, String reason) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"management\"");
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    String json = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":"
        + quote(reason) + ",\"instance\":" + quote(exchange.getRequest().getPath().value()) + "}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }
}
