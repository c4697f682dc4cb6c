package io.hubscope.forward.redirect;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.hub.transport.NegotiatePolicy;
import java.time.Duration;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The app server as front door: a new client's negotiate is answered with SignalR's redirect to
 * the connected proxy with the fewest clients, with a short-lived signed access token the proxy
 * checks. With no proxy connected the client is served here, so the app keeps working alone.
 */
public final class ProxyRedirectPolicy implements NegotiatePolicy {

  private final ForwardReceiver receiver;
  private final AccessTokens tokens;
  private final Duration tokenTtl;

  /**
   * @param receiver the app's forward receiver: the proxies it knows, and their link proofs
   * @param tokens signs the token with the redirect-token key of the secrets the proxies share
   * @param tokenTtl how long the client has to reach the proxy (seconds are enough)
   */
  public ProxyRedirectPolicy(ForwardReceiver receiver, AccessTokens tokens, Duration tokenTtl) {
    if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
      throw new IllegalArgumentException("tokenTtl must be > 0: " + tokenTtl);
    }
    if (!receiver.enabled()) {
      throw new IllegalArgumentException("the redirect to proxies needs forwarding on: configure a shared secret");
    }
    this.receiver = receiver;
    this.tokens = tokens;
    this.tokenTtl = tokenTtl;
  }

  @Override
  public Redirect redirect(ServerHttpRequest request) {
    // A proxy's own pooled connection belongs here: sending it to a proxy would loop. The proof is
    // only checked here; the WebSocket connect that follows redeems it.
    if (receiver.carriesValidProof(request)) return null;
    return receiver.directory().pickLeastLoaded()
        .map(p -> new Redirect(p.url(), tokens.issue(p.nodeName(), tokenTtl)))
        .orElse(null);
  }
}
