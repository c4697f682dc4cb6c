package io.hubscope.observer.ingest;

import io.hubscope.hub.transport.NegotiatePolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Lets a tap connect only with the configured bearer token; a blank token lets nobody in. */
final class TapTokenPolicy implements NegotiatePolicy {

  private final byte[] expected;

  TapTokenPolicy(String token) {
    this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean authorize(ServerHttpRequest request) {
    String presented = NegotiatePolicy.bearerToken(request);
    // Constant-time comparison, so response timing reveals nothing about the token.
    return expected != null && presented != null
        && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
  }
}
