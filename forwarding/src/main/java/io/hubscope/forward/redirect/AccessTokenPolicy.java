package io.hubscope.forward.redirect;

import io.hubscope.hub.transport.NegotiatePolicy;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A proxy that only takes clients the app server sent: negotiate (or a WebSocket without negotiate)
 * needs a bearer token that the app server signed for this proxy and that has not expired; anything
 * else gets 401.
 */
public final class AccessTokenPolicy implements NegotiatePolicy {

  private final AccessTokens tokens;
  private final String audience;

  /** @param audience this proxy's node name, as it reports it to the app server */
  public AccessTokenPolicy(AccessTokens tokens, String audience) {
    this.tokens = tokens;
    this.audience = audience;
  }

  @Override
  public boolean authorize(ServerHttpRequest request) {
    return tokens.verify(NegotiatePolicy.bearerToken(request), audience);
  }
}
