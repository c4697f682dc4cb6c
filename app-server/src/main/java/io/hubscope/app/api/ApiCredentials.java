package io.hubscope.app.api;

import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.forward.trust.SignedTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;

/**
 * Who may call the REST data plane: the holder of the API key, or of a token signed with the
 * shared secret's API-token key ({@link SharedSecrets#API_TOKEN}, never valid as a link proof or
 * redirect token). Only computes: safe on an event loop.
 */
final class ApiCredentials {

  /** The caller's name for rate limiting and logs: {@code key} or the token's subject. */
  static final String KEY_SUBJECT = "api-key";

  private final byte[] key;
  private final SignedTokens tokens;

  ApiCredentials(String key, SharedSecrets secrets, Clock clock) {
    if (key != null && !key.isEmpty() && key.length() < HubApiProperties.MIN_KEY_CHARS) {
      throw new IllegalArgumentException("hubscope.app.api.key must have at least " + HubApiProperties.MIN_KEY_CHARS
          + " characters (openssl rand -hex 24)");
    }
    this.key = key == null || key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
    this.tokens = secrets == null ? null : new SignedTokens(secrets, SharedSecrets.API_TOKEN, clock);
  }

  /** Whether any credential is configured; without one every call is refused. */
  boolean configured() {
    return key != null || tokens != null;
  }

  /** The subject {@code bearer} authenticates, or null. */
  String subject(String bearer) {
    if (bearer == null || bearer.isEmpty()) return null;
    // Constant-time, so response timing reveals nothing about the key.
    if (key != null && MessageDigest.isEqual(key, bearer.getBytes(StandardCharsets.UTF_8))) return KEY_SUBJECT;
    SignedTokens.Claims claims = tokens == null ? null : tokens.verify(bearer);
    return claims == null ? null : "token:" + claims.subject();
  }
}
