package io.hubscope.forward.redirect;

import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.forward.trust.SignedTokens;
import java.time.Clock;
import java.time.Duration;

/**
 * The short-lived tokens of the negotiate redirect: the app server issues one with each redirect,
 * the proxy accepts a client only with a valid, unexpired token meant for it. Signed with the
 * redirect-token key derived from the shared secrets, never the proxy-proof key, so a token is
 * never a valid link proof (see {@link SharedSecrets}). Format as {@link SignedTokens}, the
 * subject being the proxy's node name.
 */
public final class AccessTokens {

  private final SignedTokens tokens;

  public AccessTokens(String secret) {
    this(SharedSecrets.of(secret));
  }

  public AccessTokens(String secret, Clock clock) {
    this(SharedSecrets.of(secret), clock);
  }

  public AccessTokens(SharedSecrets secrets) {
    this(secrets, Clock.systemUTC());
  }

  public AccessTokens(SharedSecrets secrets, Clock clock) {
    this.tokens = new SignedTokens(secrets, SharedSecrets.REDIRECT_TOKEN, clock);
  }

  /** A token for {@code audience} (a proxy's node name) that expires after {@code ttl}. */
  public String issue(String audience, Duration ttl) {
    return tokens.issue(audience, ttl);
  }

  /** True when {@code token} was signed with one of the secrets, is meant for {@code audience} and has not expired. */
  public boolean verify(String token, String audience) {
    SignedTokens.Claims claims = tokens.verify(token);
    return claims != null && claims.subject().equals(audience);
  }
}
