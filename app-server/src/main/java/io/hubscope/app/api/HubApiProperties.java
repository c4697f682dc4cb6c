package io.hubscope.app.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The REST data plane ({@code hubscope.app.api.*}): backends send to the hub's clients with a
 * bearer token. With neither an API key nor a shared secret configured, every call is refused.
 *
 * @param key a separate API key backends present as {@code Authorization: Bearer <key>} (at least
 *     24 characters; make one with {@code openssl rand -hex 24}); empty: none
 * @param signedTokens accept bearer tokens signed with the shared secret's API-token key
 *     ({@code hubscope.app.shared-secret}; format in the README)
 * @param maxBodySize the largest request body; larger ones get 413
 * @param maxPushSize the largest properties object one push may carry, as JSON; larger ones get 413
 * @param requestsPerSecond sustained calls allowed per caller (token subject, or client IP for
 *     calls without a valid token); more get 429 with Retry-After
 * @param burst calls a caller may make at once before the rate applies
 */
@ConfigurationProperties("hubscope.app.api")
record HubApiProperties(
    @DefaultValue("") String key,
    @DefaultValue("true") boolean signedTokens,
    @DefaultValue("64KB") DataSize maxBodySize,
    @DefaultValue("16KB") DataSize maxPushSize,
    @DefaultValue("20") double requestsPerSecond,
    @DefaultValue("40") int burst) {

  static final int MIN_KEY_CHARS = 24;

  @Override
  public String toString() {
    return "HubApiProperties[key=****, signedTokens=" + signedTokens + ", maxBodySize=" + maxBodySize
        + ", maxPushSize=" + maxPushSize + ", requestsPerSecond=" + requestsPerSecond + ", burst=" + burst + "]";
  }
}
