package io.hubscope.hub.transport;

import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Lets pages from other origins negotiate and use the HTTP transports: a page served by the app
 * server that is redirected to a proxy negotiates with the proxy cross-origin, and its event stream,
 * polls and sends are cross-origin too (the WebSocket itself needs no CORS). Origins are
 * listed exactly; {@code *} allows any. The SignalR clients send credentials, so the origin is
 * echoed rather than answered with a wildcard.
 */
public final class CrossOrigin {

  private final Set<String> allowed;

  public CrossOrigin(Set<String> allowedOrigins) {
    this.allowed = Set.copyOf(allowedOrigins);
  }

  boolean isPreflight(ServerHttpRequest request) {
    return request.getMethod().name().equals("OPTIONS")
        && request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
  }

  /** Adds the CORS answer headers when the request's origin is allowed; true when it was. */
  boolean apply(ServerHttpRequest request, ServerHttpResponse response) {
    String origin = request.getHeaders().getOrigin();
    if (origin == null || !(allowed.contains("*") || allowed.contains(origin))) return false;
    HttpHeaders headers = response.getHeaders();
    headers.setAccessControlAllowOrigin(origin);
    headers.setAccessControlAllowCredentials(true);
    headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    if (isPreflight(request)) {
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
      String requested = request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
      if (requested != null) headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested);
      headers.setAccessControlMaxAge(600);
    }
    return true;
  }
}
