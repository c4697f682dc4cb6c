package io.hubscope.proxy.forward;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how this proxy forwards ({@code hubscope.proxy.*}).
 *
 * @param upstream the app server's hub URL, e.g. {@code http://localhost:8081/dotnetify}; a URL
 *     without a path gets {@code /dotnetify}
 * @param poolSize persistent connections to the app server; each client is pinned to one
 * @param useMessagePack MessagePack on the pooled connections (clients pick their own protocol)
 * @param forwardedHeaders request headers the app server may see besides the user agent
 * @param maxPendingPerConnection calls one pooled connection may have unanswered before new ones
 *     are refused with an error
 * @param callTimeout how long a forwarded call waits for the app server's answer
 * @param nodeName this proxy's name: in logs, in the app server's proxy list, and the audience of
 *     the redirect tokens it accepts
 * @param publicUrl the hub URL clients reach this proxy at; the app server's negotiate redirect
 *     sends clients there (empty: this proxy takes no redirected clients)
 * @param sharedSecret the secret shared with the app server (at least 16 characters): proves the
 *     pooled connections (it signs their link proofs) and verifies redirect tokens; the app server
 *     accepts no proxy without one
 * @param previousSharedSecrets secrets also accepted for redirect tokens, never used to sign: during
 *     a rotation, the app servers' next secret (or the one being rotated out)
 * @param requireToken refuse clients (401) without a valid redirect token from the app server
 * @param backoff waits between reconnect attempts to the app server; the last one repeats
 */
@ConfigurationProperties("hubscope.proxy")
record ProxyProperties(
    @DefaultValue("http://localhost:8081/dotnetify") String upstream,
    @DefaultValue("5") int poolSize,
    @DefaultValue("false") boolean useMessagePack,
    @DefaultValue({"accept-language", "origin", "referer"}) Set<String> forwardedHeaders,
    @DefaultValue("10000") int maxPendingPerConnection,
    @DefaultValue("30s") Duration callTimeout,
    @DefaultValue("proxy") String nodeName,
    @DefaultValue("") String publicUrl,
    @DefaultValue("") String sharedSecret,
    @DefaultValue({}) java.util.List<String> previousSharedSecrets,
    @DefaultValue("false") boolean requireToken,
    @DefaultValue({"1s", "2s", "5s", "10s"}) java.util.List<Duration> backoff) {

  /** The upstream hub URL with the default hub path when none was given. */
  String upstreamHubUrl() {
    String url = upstream.endsWith("/") ? upstream.substring(0, upstream.length() - 1) : upstream;
    return url.matches("(?i)(https?|wss?)://[^/]+") ? url + "/dotnetify" : url;
  }
}
