package io.hubscope.app.forward;

import io.hubscope.forward.trust.SharedSecrets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this app server works with forwarding proxies ({@code hubscope.app.*}).
 *
 * @param sharedSecret the secret shared with the proxies (at least 16 characters): only pooled
 *     connections that prove they know it may forward, and it signs redirect tokens (each with its
 *     own derived key). Empty: forwarding is off, no proxy may connect
 * @param previousSharedSecrets secrets also accepted, never used to sign: the ones being rotated out
 * @param redirectToProxies answer new clients' negotiate with a redirect to the connected proxy
 *     with the fewest clients (served here while no proxy is connected)
 * @param redirectTokenTtl how long a redirected client has to reach its proxy
 */
@ConfigurationProperties("hubscope.app")
record ForwardingProperties(
    @DefaultValue("") String sharedSecret,
    @DefaultValue({}) List<String> previousSharedSecrets,
    @DefaultValue("false") boolean redirectToProxies,
    @DefaultValue("30s") Duration redirectTokenTtl) {

  /** The key list, or null when no secret is configured (forwarding off). */
  SharedSecrets secrets() {
    return sharedSecret.isEmpty() ? null : SharedSecrets.of(sharedSecret, previousSharedSecrets);
  }
}
