package io.hubscope.tap;

import io.hubscope.hub.connection.HubConnection;
import io.hubscope.tap.metrics.TapMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a {@link Tap} reaches the observer and what it may hold. Build with {@link #builder}; every
 * setting but the URL and the node has a default, and bad values fail at {@code build()}.
 */
public record TapOptions(
    String url,
    String token,
    NodeIdentity node,
    int queueMaxEvents,
    long queueMaxBytes,
    int batchMaxEvents,
    long batchMaxBytes,
    Duration linger,
    int payloadMaxBytes,
    Set<String> redactFields,
    double payloadSampleRate,
    Set<String> headers,
    Duration hostInterval,
    Duration sendTimeout,
    List<Duration> backoff,
    TapMetrics metrics,
    Predicate<HubConnection> notClients,
    Supplier<List<NodeLink>> links) {

  public static final Set<String> DEFAULT_REDACT_FIELDS = Set.of("password", "token", "secret", "authorization");
  public static final Set<String> DEFAULT_HEADERS =
      Set.of("user-agent", "origin", "referer", "accept-language", "x-forwarded-for");

  /** Links a host event carries at most; a node linked to more reports the first ones. */
  public static final int MAX_LINKS = 64;

  public static Builder builder(String url, NodeIdentity node) {
    return new Builder(url, node);
  }

  public static final class Builder {
    private final String url;
    private final NodeIdentity node;
    private String token;
    private int queueMaxEvents = 50_000;
    private long queueMaxBytes = 16L * 1024 * 1024;
    private int batchMaxEvents = 500;
    private long batchMaxBytes = 256 * 1024;
    private Duration linger = Duration.ofMillis(200);
    private int payloadMaxBytes = 4096;
    private Set<String> redactFields = DEFAULT_REDACT_FIELDS;
    private double payloadSampleRate = 1.0;
    private Set<String> headers = DEFAULT_HEADERS;
    private Duration hostInterval = Duration.ofSeconds(1);
    private Duration sendTimeout = Duration.ofSeconds(5);
    private List<Duration> backoff = List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5));
    private TapMetrics metrics = TapMetrics.NOOP;
    private Predicate<HubConnection> notClients = c -> false;
    private Supplier<List<NodeLink>> links;

    Builder(String url, NodeIdentity node) {
      if (url == null || !url.matches("(?i)(https?|wss?)://.+")) {
        throw new IllegalArgumentException("url must be an http(s) or ws(s) URL: " + url);
      }
      if (node == null) throw new IllegalArgumentException("node == null");
      this.url = url;
      this.node = node;
    }

    /** Sent at negotiate as {@code Authorization: Bearer}; null or empty for none. */
    public Builder token(String token) { this.token = token == null || token.isEmpty() ? null : token; return this; }
    public Builder queueMaxEvents(int n) { this.queueMaxEvents = n; return this; }
    public Builder queueMaxBytes(long n) { this.queueMaxBytes = n; return this; }
    public Builder batchMaxEvents(int n) { this.batchMaxEvents = n; return this; }
    public Builder batchMaxBytes(long n) { this.batchMaxBytes = n; return this; }
    /** How long the first event of a batch may wait for company before the batch goes. */
    public Builder linger(Duration d) { this.linger = d; return this; }
    public Builder payloadMaxBytes(int n) { this.payloadMaxBytes = n; return this; }
    public Builder redactFields(Set<String> fields) { this.redactFields = Set.copyOf(fields); return this; }
    /** Share of messages whose payload text is sent (0..1); counts and sizes are always sent. */
    public Builder payloadSampleRate(double rate) { this.payloadSampleRate = rate; return this; }
    /** Request headers mirrored in {@code open} events (lower-case names). */
    public Builder headers(Set<String> headers) { this.headers = Set.copyOf(headers); return this; }
    public Builder hostInterval(Duration d) { this.hostInterval = d; return this; }
    /** How long an {@code Observe} may go unanswered before the connection is considered dead. */
    public Builder sendTimeout(Duration d) { this.sendTimeout = d; return this; }
    /** Reconnect waits; the last one repeats. */
    public Builder backoff(List<Duration> waits) { this.backoff = List.copyOf(waits); return this; }
    public Builder metrics(TapMetrics metrics) { this.metrics = metrics; return this; }
    /**
     * Direct connections that are no clients and are not mirrored: on an app server, the proxies'
     * pooled connections ({@code ForwardReceiver::isProxyConnection}). Logical connections are
     * always left to their proxies' taps.
     */
    public Builder notClients(Predicate<HubConnection> test) { this.notClients = test; return this; }

    /**
     * The nodes linked to this one, asked once per host interval on the tap's host thread (never
     * an event loop) and sent in the {@code host} event's {@code links}: on an app server, the
     * proxies its {@code ForwardReceiver}'s directory lists. Unset (the default), the node reports
     * no links and the observer shows it as before.
     */
    public Builder links(Supplier<List<NodeLink>> links) { this.links = links; return this; }

    public TapOptions build() {
      if (queueMaxEvents < 1) throw new IllegalArgumentException("queueMaxEvents < 1: " + queueMaxEvents);
      if (queueMaxBytes < 1) throw new IllegalArgumentException("queueMaxBytes < 1: " + queueMaxBytes);
      if (batchMaxEvents < 1) throw new IllegalArgumentException("batchMaxEvents < 1: " + batchMaxEvents);
      if (batchMaxBytes < 1) throw new IllegalArgumentException("batchMaxBytes < 1: " + batchMaxBytes);
      if (payloadMaxBytes < 0) throw new IllegalArgumentException("payloadMaxBytes < 0: " + payloadMaxBytes);
      if (!(payloadSampleRate >= 0 && payloadSampleRate <= 1)) {
        throw new IllegalArgumentException("payloadSampleRate not in 0..1: " + payloadSampleRate);
      }
      positive(linger, "linger");
      positive(hostInterval, "hostInterval");
      positive(sendTimeout, "sendTimeout");
      if (backoff.isEmpty()) throw new IllegalArgumentException("backoff is empty");
      backoff.forEach(d -> positive(d, "backoff"));
      if (metrics == null) throw new IllegalArgumentException("metrics == null");
      if (notClients == null) throw new IllegalArgumentException("notClients == null");
      return new TapOptions(url, token, node, queueMaxEvents, queueMaxBytes, batchMaxEvents, batchMaxBytes, linger,
          payloadMaxBytes, redactFields, payloadSampleRate, headers, hostInterval, sendTimeout, backoff, metrics,
          notClients, links);
    }

    private static void positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
