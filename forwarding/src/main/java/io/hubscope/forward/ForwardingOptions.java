package io.hubscope.forward;

import io.hubscope.forward.metrics.ForwardingMetrics;
import io.hubscope.hub.pipeline.HubContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How a {@link ForwardingMiddleware} forwards: to which pool, which calls, in which format, and
 * what happens to a call once forwarded. Build with {@link #builder()}; every setting has a default.
 *
 * @param poolSize persistent upstream connections; clients are pinned to one each (default 5)
 * @param filter forwards only the calls it accepts; the rest continue down the pipeline
 * @param useMessagePack MessagePack on the upstream connections instead of JSON (default false)
 * @param haltPipeline true (default): a forwarded call stops here and completes when the upstream
 *     answers; false: the call is also processed locally and the forward is best-effort
 * @param forwardedHeaders request headers (lower-case) the upstream may see besides the user agent
 * @param maxPendingPerConnection forwarded calls one upstream connection may have unanswered before
 *     new calls are refused with an error (bounded buffering, never a silent drop)
 * @param callTimeout how long a forwarded call waits for the upstream's answer before it fails
 * @param nodeName this node's name, reported upstream and used as the redirect token audience
 * @param publicUrl the hub URL clients use to reach this node (what a negotiate redirect sends
 *     them to); null when this node takes no redirected clients
 * @param sharedSecret the secret shared with the app server: it signs the pooled connections' proof
 *     and the redirect tokens this node accepts; null when the app server requires none
 * @param backoff waits between reconnect attempts; the last one repeats
 * @param metrics where forwarding counts go
 */
public record ForwardingOptions(
    int poolSize,
    Predicate<HubContext> filter,
    boolean useMessagePack,
    boolean haltPipeline,
    Set<String> forwardedHeaders,
    int maxPendingPerConnection,
    Duration callTimeout,
    String nodeName,
    String publicUrl,
    String sharedSecret,
    List<Duration> backoff,
    ForwardingMetrics metrics) {

  /** Headers an app usually wants to see; cookies and authorization never leave the proxy unasked. */
  public static final Set<String> DEFAULT_HEADERS = Set.of("accept-language", "origin", "referer");

  /** About 1, 2, 5, then every 10 s, as dotNetify's forwarder retries. */
  public static final List<Duration> DEFAULT_BACKOFF =
      List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));

  public static Builder builder() {
    return new Builder();
  }

  public static ForwardingOptions defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.poolSize = poolSize;
    b.filter = filter;
    b.useMessagePack = useMessagePack;
    b.haltPipeline = haltPipeline;
    b.forwardedHeaders = new LinkedHashSet<>(forwardedHeaders);
    b.maxPendingPerConnection = maxPendingPerConnection;
    b.callTimeout = callTimeout;
    b.nodeName = nodeName;
    b.publicUrl = publicUrl;
    b.sharedSecret = sharedSecret;
    b.backoff = backoff;
    b.metrics = metrics;
    return b;
  }

  /** Builds {@link ForwardingOptions}; fails fast on values that cannot work. */
  public static final class Builder {
    private int poolSize = 5;
    private Predicate<HubContext> filter = ctx -> true;
    private boolean useMessagePack;
    private boolean haltPipeline = true;
    private Set<String> forwardedHeaders = new LinkedHashSet<>(DEFAULT_HEADERS);
    private int maxPendingPerConnection = 10_000;
    private Duration callTimeout = Duration.ofSeconds(30);
    private String nodeName = "proxy";
    private String publicUrl;
    private String sharedSecret;
    private List<Duration> backoff = DEFAULT_BACKOFF;
    private ForwardingMetrics metrics = ForwardingMetrics.NOOP;

    Builder() {}

    public Builder poolSize(int poolSize) {
      if (poolSize < 1) throw new IllegalArgumentException("poolSize < 1: " + poolSize);
      this.poolSize = poolSize;
      return this;
    }

    public Builder filter(Predicate<HubContext> filter) {
      if (filter == null) throw new IllegalArgumentException("filter == null");
      this.filter = filter;
      return this;
    }

    public Builder useMessagePack(boolean useMessagePack) {
      this.useMessagePack = useMessagePack;
      return this;
    }

    public Builder haltPipeline(boolean haltPipeline) {
      this.haltPipeline = haltPipeline;
      return this;
    }

    /** Replaces the allow-list of request headers forwarded upstream (names are case-insensitive). */
    public Builder forwardedHeaders(Set<String> names) {
      if (names == null) throw new IllegalArgumentException("forwardedHeaders == null");
      Set<String> lower = new LinkedHashSet<>();
      for (String name : names) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("blank header name in " + names);
        lower.add(name.trim().toLowerCase(Locale.ROOT));
      }
      this.forwardedHeaders = lower;
      return this;
    }

    public Builder maxPendingPerConnection(int max) {
      if (max < 1) throw new IllegalArgumentException("maxPendingPerConnection < 1: " + max);
      this.maxPendingPerConnection = max;
      return this;
    }

    public Builder callTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be > 0: " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    public Builder nodeName(String nodeName) {
      if (nodeName == null || nodeName.isBlank()) throw new IllegalArgumentException("nodeName is blank");
      this.nodeName = nodeName;
      return this;
    }

    public Builder publicUrl(String publicUrl) {
      if (publicUrl != null && !publicUrl.matches("(?i)https?://.+")) {
        throw new IllegalArgumentException("publicUrl must be an http(s) URL: " + publicUrl);
      }
      this.publicUrl = publicUrl;
      return this;
    }

    public Builder sharedSecret(String sharedSecret) {
      this.sharedSecret = sharedSecret == null || sharedSecret.isEmpty() ? null : sharedSecret;
      return this;
    }

    public Builder backoff(List<Duration> backoff) {
      if (backoff == null || backoff.isEmpty()) throw new IllegalArgumentException("backoff is empty");
      for (Duration d : backoff) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException("backoff has a negative wait: " + backoff);
      }
      this.backoff = List.copyOf(backoff);
      return this;
    }

    public Builder metrics(ForwardingMetrics metrics) {
      if (metrics == null) throw new IllegalArgumentException("metrics == null");
      this.metrics = metrics;
      return this;
    }

    public ForwardingOptions build() {
      return new ForwardingOptions(poolSize, filter, useMessagePack, haltPipeline, Set.copyOf(forwardedHeaders),
          maxPendingPerConnection, callTimeout, nodeName, publicUrl, sharedSecret, backoff, metrics);
    }
  }
}
