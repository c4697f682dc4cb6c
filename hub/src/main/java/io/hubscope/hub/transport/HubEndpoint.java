package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.server.HubDispatcher;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The WebSocket clients of one hub path and what they share: limits, dispatch, metrics, timers. */
public final class HubEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(HubEndpoint.class);

  private final TransportSettings settings;
  private final HubDispatcher dispatcher;
  private final HubMetrics metrics;
  private final ConnectionLifecycle lifecycle;
  private final ConnectionTokens tokens;
  private final ConnectionLimiter limiter;
  private final Set<ClientConnection> sockets = ConcurrentHashMap.newKeySet();
  private final ConnectionDrain drain = new ConnectionDrain(sockets);

  public HubEndpoint(TransportSettings settings, HubDispatcher dispatcher, HubMetrics metrics,
      ConnectionLifecycle lifecycle) {
    this(settings, HubLimits.defaults(), dispatcher, metrics, lifecycle);
  }

  public HubEndpoint(TransportSettings settings, HubLimits limits, HubDispatcher dispatcher, HubMetrics metrics,
      ConnectionLifecycle lifecycle) {
    this.settings = settings;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.lifecycle = lifecycle;
    this.tokens = new ConnectionTokens(settings.negotiateTokenTtl().toNanos(), limits.maxPendingNegotiations());
    this.limiter = new ConnectionLimiter(limits);
  }

  TransportSettings settings() {
    return settings;
  }

  HubDispatcher dispatcher() {
    return dispatcher;
  }

  HubMetrics metrics() {
    return metrics;
  }

  Logger log() {
    return LOG;
  }

  ConnectionTokens tokens() {
    return tokens;
  }

  ConnectionLimiter limiter() {
    return limiter;
  }

  void attached(ClientConnection connection) {
    sockets.add(connection);
  }

  void opened(ClientConnection connection) {
    metrics.connectionOpened();
    LOG.debug("[{}] connected from {} ({})", connection.id(), connection.info().remoteIp(), connection.info().protocol());
    lifecycle.opened(connection);
  }

  void closed(ClientConnection connection, String token, CloseReason reason, String error) {
    if (!sockets.remove(connection)) return;
    tokens.release(token);
    limiter.closeSocket();
    limiter.releaseIp(connection.slotIp());
    if (connection.protocol() == null) return;
    metrics.connectionClosed(reason);
    LOG.debug("[{}] closed: {} {}", connection.id(), reason.tag(), error == null ? "" : error);
    lifecycle.closed(connection, reason, error);
  }

  /** Keep-alive, timeouts and token expiry; run about once a second. */
  public void sweep() {
    long now = System.nanoTime();
    tokens.expire(now, limiter::releaseIp);
    for (ClientConnection c : sockets) c.sweep(now, settings);
  }

  /** Closes every client, telling each why. */
  public void closeAll(CloseReason reason, String error) {
    for (ClientConnection c : sockets) c.close(reason, error);
  }

  /**
   * Refuses new clients and closes the WebSocket clients with a reconnect hint, spread over
   * {@code spread} on {@code scheduler}; returns how many clients are asked to move.
   */
  public int drain(Duration spread, ScheduledExecutorService scheduler) {
    return drain.start(spread, scheduler);
  }

  /** Takes new clients again after {@link #drain}. */
  public void undrain() {
    drain.stop();
  }

  /** Whether the node is draining: negotiate refuses new clients. */
  public boolean draining() {
    return drain.draining();
  }

  public int socketCount() {
    return sockets.size();
  }

  /** Negotiated tokens not yet used by a socket, for leak checks. */
  public int pendingNegotiations() {
    return tokens.pendingCount();
  }

  /** Client IPs holding a token or a socket under the per-IP limit, for leak checks. */
  public int limitedAddresses() {
    return limiter.addresses();
  }
}
