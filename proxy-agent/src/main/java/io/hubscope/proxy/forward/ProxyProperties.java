package io.hubscope.proxy.forward;

import io.hubscope.forward.ForwardingOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how this proxy forwards ({@code hubscope.proxy.*}). A forwarding setting left unset
 * keeps the default of {@link ForwardingOptions.Builder}, named here once for the generated
 * configuration metadata.
 *
 * @param upstream the app server's hub URL, when there is one; a URL without a path gets
 *     {@code /dotnetify} (default {@code http://localhost:8081/dotnetify} when neither this nor
 *     {@code upstreams} is set; setting both is refused at startup)
 * @param upstreams the hub URLs of several app servers, comma-separated in one environment variable
 *     ({@code HUBSCOPE_PROXY_UPSTREAMS}); each client is pinned to one, the least loaded when it
 *     first calls, and moves to another when its own becomes unreachable; a URL without a path gets
 *     {@code /dotnetify}
 * @param poolSize persistent connections to each app server; each client is pinned to one (default 5)
 * @param useMessagePack MessagePack on the pooled connections; clients pick their own protocol
 *     (default false)
 * @param forwardedHeaders request headers the app server may see besides the user agent (default
 *     accept-language, origin, referer)
 * @param maxPendingPerConnection calls one pooled connection may have unanswered before new ones
 *     are refused with an error (default 10000)
 * @param callTimeout how long a forwarded call waits for the app server's answer (default 30s)
 * @param nodeName this proxy's name: in logs, in the app server's proxy list, and the audience of
 *     the redirect tokens it accepts (the proxy agent's application.yml: {@code proxy-<port>})
 * @param publicUrl the hub URL clients reach this proxy at; the app server's negotiate redirect
 *     sends clients there (the proxy agent's application.yml: {@code http://localhost:<port>/dotnetify};
 *     empty: this proxy takes no redirected clients)
 * @param sharedSecret the secret shared with the app server (at least 16 characters): proves the
 *     pooled connections (it signs their link proofs) and verifies redirect tokens; the app server
 *     accepts no proxy without one
 * @param previousSharedSecrets secrets also accepted for redirect tokens, never used to sign: during
 *     a rotation, the app servers' next secret (or the one being rotated out)
 * @param requireToken refuse clients (401) without a valid redirect token from the app server
 * @param backoff waits between reconnect attempts to the app server; the last one repeats
 *     (default 1s, 2s, 5s, 10s)
 */
@ConfigurationProperties("hubscope.proxy")
record ProxyProperties(
    String upstream,
    List<String> upstreams,
    Integer poolSize,
    Boolean useMessagePack,
    Set<String> forwardedHeaders,
    Integer maxPendingPerConnection,
    Duration callTimeout,
    String nodeName,
    String publicUrl,
    String sharedSecret,
    List<String> previousSharedSecrets,
    @DefaultValue("false") boolean requireToken,
    List<Duration> backoff) {

  static final String DEFAULT_UPSTREAM = "http://localhost:8081/dotnetify";

  ProxyProperties {
    // Both set is most likely a leftover of one of them: refusing beats guessing which one counts.
    if (hasText(upstream) && upstreams != null && !upstreams.isEmpty()) {
      throw new IllegalArgumentException("Set hubscope.proxy.upstream (one app server) or hubscope.proxy.upstreams"
          + " (several), not both: upstream=" + upstream + ", upstreams=" + upstreams);
    }
  }

  /** The app servers' hub URLs, each with the default hub path when none was given. */
  List<String> upstreamHubUrls() {
    if (upstreams != null && !upstreams.isEmpty()) return upstreams.stream().map(ProxyProperties::hubUrl).toList();
    return List.of(hubUrl(hasText(upstream) ? upstream : DEFAULT_UPSTREAM));
  }

  private static String hubUrl(String upstream) {
    String trimmed = upstream.trim();
    String url = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    return url.matches("(?i)(https?|wss?)://[^/]+") ? url + "/dotnetify" : url;
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }

  boolean hasSharedSecret() {
    return sharedSecret != null && !sharedSecret.isEmpty();
  }

  /** The forwarding options: the builder's defaults with what is set here. */
  ForwardingOptions.Builder options() {
    ForwardingOptions.Builder b = ForwardingOptions.builder();
    set(poolSize, b::poolSize);
    set(useMessagePack, b::useMessagePack);
    set(forwardedHeaders, b::forwardedHeaders);
    set(maxPendingPerConnection, b::maxPendingPerConnection);
    set(callTimeout, b::callTimeout);
    set(nodeName, b::nodeName);
    set(publicUrl == null || publicUrl.isEmpty() ? null : publicUrl, b::publicUrl);
    set(sharedSecret, b::sharedSecret);
    set(backoff, b::backoff);
    return b;
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) setter.accept(value);
  }
}
