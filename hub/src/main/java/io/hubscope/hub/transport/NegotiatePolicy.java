package io.hubscope.hub.transport;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Decides who may connect and where: {@link #authorize} refuses a client (401), {@link #redirect}
 * sends it elsewhere with SignalR's negotiate redirect ({@code url} + {@code accessToken}).
 */
public interface NegotiatePolicy {

  /** A redirect answer: the hub URL to go to and the token the client must present there. */
  record Redirect(String url, String accessToken) {}

  /** True when the request (negotiate or direct WebSocket) may connect. */
  default boolean authorize(ServerHttpRequest request) {
    return true;
  }

  /** A redirect for this negotiate, or null to serve the client here. */
  default Redirect redirect(ServerHttpRequest request) {
    return null;
  }

  NegotiatePolicy OPEN = new NegotiatePolicy() {};

  /** The bearer token of a request: the Authorization header or the access_token query parameter. */
  static String bearerToken(ServerHttpRequest request) {
    String header = request.getHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).trim();
    return request.getQueryParams().getFirst("access_token");
  }
}
