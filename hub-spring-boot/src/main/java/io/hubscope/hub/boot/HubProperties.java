package io.hubscope.hub.boot;

import io.hubscope.hub.limit.HubLimits;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's settings ({@code hubscope.hub.*}).
 *
 * @param path where the hub is served
 * @param maxMessageSize largest client message accepted, in bytes; larger ones close the connection
 * @param maxBufferedBytes outbound bytes queued for one client before it is closed as too slow
 * @param keepAliveInterval ping interval when the server has nothing else to send
 * @param clientTimeout silence after which a client is closed
 * @param handshakeTimeout time a new socket has to send its handshake
 * @param trustedProxies peers whose X-Forwarded-For header is believed
 * @param allowedOrigins origins of pages allowed to negotiate cross-origin (exact, or {@code *})
 * @param maxConnections WebSocket clients of this node; past it negotiate and connect answer 503
 * @param maxConnectionsPerIp WebSocket clients plus negotiated tokens of one client IP; past it 429
 * @param limitLoopback whether the per-IP limit applies to loopback addresses (a local proxy or
 *     load test shares one)
 * @param maxPendingNegotiations negotiated tokens waiting for their socket; past it negotiate answers 503
 * @param maxViewModelsPerConnection view models one connection holds; the next request gets a
 *     dotNetify error
 * @param maxGroupsPerConnection groups application code adds one connection to
 */
@ConfigurationProperties("hubscope.hub")
public record HubProperties(
    @DefaultValue("/dotnetify") String path,
    @DefaultValue("32768") int maxMessageSize,
    @DefaultValue("8388608") long maxBufferedBytes,
    @DefaultValue("15s") Duration keepAliveInterval,
    @DefaultValue("30s") Duration clientTimeout,
    @DefaultValue("15s") Duration handshakeTimeout,
    @DefaultValue Set<String> trustedProxies,
    @DefaultValue Set<String> allowedOrigins,
    @DefaultValue("20000") int maxConnections,
    @DefaultValue("1000") int maxConnectionsPerIp,
    @DefaultValue("false") boolean limitLoopback,
    @DefaultValue("10000") int maxPendingNegotiations,
    @DefaultValue("100") int maxViewModelsPerConnection,
    @DefaultValue("100") int maxGroupsPerConnection) {

  /** The limits as the hub takes them (which checks each one). */
  public HubLimits limits() {
    return new HubLimits(maxConnections, maxConnectionsPerIp, limitLoopback, maxPendingNegotiations,
        maxViewModelsPerConnection, maxGroupsPerConnection);
  }
}
