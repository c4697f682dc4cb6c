package io.hubscope.forward.redirect;

import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.receiver.ProxyDirectory;
import io.hubscope.hub.transport.NegotiatePolicy;
import java.time.Duration;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The app server as front door: a new client's negotiate is answered with SignalR's redirect to
 * the connected proxy with the fewest clients, with a short-lived signed access token the proxy
 * checks. With no proxy connected the client is served here, so the app keeps working alone.
 */
public final class ProxyRedirectPolicy implements NegotiatePolicy {

  private final ProxyDirectory directory;
  private final AccessTokens tokens;
  private final Duration tokenTtl;

  /**
   * @param directory the proxies the app's {@code ForwardReceiver} knows
   * @param tokens signs the token with the secret the proxies share
   * @param tokenTtl how long the client has to reach the proxy (seconds are enough)
   */
  public ProxyRedirectPolicy(ProxyDirectory directory, AccessTokens tokens, Duration tokenTtl) {
    if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
      throw new IllegalArgumentException("tokenTtl must be > 0: " + tokenTtl);
    }
    this.directory = directory;
    this.tokens = tokens;
    this.tokenTtl = tokenTtl;
  }

  @Override
  public Redirect redirect(ServerHttpRequest request) {
    // A proxy's own pooled connection belongs here: sending it to a proxy would loop.
    String proof = request.getHeaders().getFirst(LinkProof.HEADER);
    if (proof != null && tokens.verify(proof, LinkProof.AUDIENCE)) return null;
    return directory.pickLeastLoaded()
        .map(p -> new Redirect(p.url(), tokens.issue(p.nodeName(), tokenTtl)))
        .orElse(null);
  }
}
