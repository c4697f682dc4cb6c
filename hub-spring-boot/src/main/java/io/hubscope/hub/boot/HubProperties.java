package io.hubscope.hub.boot;

import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.transport.HubTransports;
import io.hubscope.hub.transport.TransportSettings;
import io.hubscope.hub.transport.TransportType;
import io.hubscope.hub.transport.reconnect.ReconnectSettings;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's settings ({@code hubscope.hub.*}). A setting left unset keeps the hub's own default
 * (from {@link HubServerBuilder}, {@link TransportSettings#defaults()}, {@link HubLimits#defaults()}
 * and {@link HubTransports#defaults()}), named here once for the generated configuration metadata.
 *
 * @param path where the hub is served (default {@code /dotnetify})
 * @param maxMessageSize largest client message accepted, in bytes; larger ones close the connection
 *     (default 32768)
 * @param maxBufferedBytes outbound bytes queued for one client before it is closed as too slow
 *     (default 8388608)
 * @param keepAliveInterval ping interval when the server has nothing else to send (default 15s)
 * @param clientTimeout silence after which a client is closed (default 30s)
 * @param handshakeTimeout time a new socket has to send its handshake (default 15s)
 * @param trustedProxies peers whose X-Forwarded-For header is believed (default none)
 * @param allowedOrigins origins of pages allowed to negotiate cross-origin, exact or {@code *}
 *     (default none)
 * @param maxConnections clients of this node, over any transport; past it negotiate and connect answer 503
 *     (default 20000)
 * @param maxConnectionsPerIp WebSocket clients plus negotiated tokens of one client IP; past it 429
 *     (default 1000)
 * @param limitLoopback whether the per-IP limit applies to loopback addresses, which a local proxy
 *     or load test shares (default false)
 * @param maxPendingNegotiations negotiated tokens waiting for their socket; past it negotiate
 *     answers 503 (default 10000)
 * @param maxViewModelsPerConnection view models one connection holds; the next request gets a
 *     dotNetify error (default 100)
 * @param maxGroupsPerConnection groups application code adds one connection to (default 100)
 * @param transports the transports negotiate offers and the hub serves: {@code WebSockets},
 *     {@code ServerSentEvents}, {@code LongPolling} (default all three); a request on another one is
 *     refused with 404 and the reason
 * @param longPollTimeout how long a long poll waits for a message before it is answered empty and the
 *     client polls again (default 90s)
 * @param statefulReconnect the official clients' {@code withStatefulReconnect()}
 */
@ConfigurationProperties("hubscope.hub")
public record HubProperties(
    String path,
    Integer maxMessageSize,
    Long maxBufferedBytes,
    Duration keepAliveInterval,
    Duration clientTimeout,
    Duration handshakeTimeout,
    Set<String> trustedProxies,
    Set<String> allowedOrigins,
    Integer maxConnections,
    Integer maxConnectionsPerIp,
    Boolean limitLoopback,
    Integer maxPendingNegotiations,
    Integer maxViewModelsPerConnection,
    Integer maxGroupsPerConnection,
    Set<TransportType> transports,
    Duration longPollTimeout,
    StatefulReconnect statefulReconnect) {

  /**
   * Stateful reconnect ({@code hubscope.hub.stateful-reconnect.*}).
   *
   * @param enabled whether negotiate grants it to clients that ask (default true)
   * @param bufferSize unacknowledged bytes kept per connection for replay; past it the connection
   *     closes with a reason (default 100000)
   * @param gracePeriod how long a connection whose socket dropped waits for its client to come
   *     back before it ends like any disconnect (default 15s)
   */
  public record StatefulReconnect(Boolean enabled, Long bufferSize, Duration gracePeriod) {

    ReconnectSettings settings() {
      ReconnectSettings d = ReconnectSettings.defaults();
      return new ReconnectSettings(or(enabled, d.enabled()), or(bufferSize, d.bufferSize()),
          or(gracePeriod, d.gracePeriod()));
    }
  }

  /** The transport settings: the hub's defaults with what is set here. */
  TransportSettings settings() {
    TransportSettings d = TransportSettings.defaults();
    return new TransportSettings(or(maxMessageSize, d.maxMessageSize()), or(maxBufferedBytes, d.maxBufferedBytes()),
        or(keepAliveInterval, d.keepAliveInterval()), or(clientTimeout, d.clientTimeout()),
        or(handshakeTimeout, d.handshakeTimeout()), d.negotiateTokenTtl());
  }

  /** The limits: the hub's defaults with what is set here (the record checks each one). */
  public HubLimits limits() {
    HubLimits d = HubLimits.defaults();
    return new HubLimits(or(maxConnections, d.maxConnections()), or(maxConnectionsPerIp, d.maxConnectionsPerIp()),
        or(limitLoopback, d.limitLoopback()), or(maxPendingNegotiations, d.maxPendingNegotiations()),
        or(maxViewModelsPerConnection, d.maxViewModelsPerConnection()),
        or(maxGroupsPerConnection, d.maxGroupsPerConnection()));
  }

  /** The transports: the hub's defaults with what is set here. */
  HubTransports hubTransports() {
    HubTransports d = HubTransports.defaults();
    return new HubTransports(or(transports, d.enabled()), or(longPollTimeout, d.pollTimeout()));
  }

  /** Applies what is set here to the builder; unset settings leave its defaults alone. */
  void applyTo(HubServerBuilder builder) {
    builder.settings(settings()).limits(limits()).transports(hubTransports());
    if (statefulReconnect != null) builder.statefulReconnect(statefulReconnect.settings());
    if (path != null) builder.path(path);
    if (trustedProxies != null) builder.trustedProxies(trustedProxies);
    if (allowedOrigins != null) builder.allowedOrigins(allowedOrigins);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
