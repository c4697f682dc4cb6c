package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.HubLimits;
import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.server.HubDispatcher;
import io.hubscope.hub.transport.reconnect.ReconnectSettings;
import java.util.Map;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of one hub path, over any transport, and what they share: limits, dispatch, metrics,
 * timers.
 */
public final class HubEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(HubEndpoint.class);

  private final TransportSettings settings;
  private final HubDispatcher dispatcher;
  private final HubMetrics metrics;
  private final ConnectionLifecycle lifecycle;
  private final ConnectionTokens tokens;
  private final ConnectionLimiter limiter;
  private final Set<TransportConnection> sockets = ConcurrentHashMap.newKeySet();
  private final HubTransports transports;
  private final HttpConnections httpConnections = new HttpConnections();
  /** Stateful connections by token, which alone lets a client resume one (never the public id). */
  private final Map<String, ClientConnection> resumable = new ConcurrentHashMap<>();
  private volatile ReconnectSettings reconnect = ReconnectSettings.defaults();
  private final ConnectionDrain drain = new ConnectionDrain(sockets);

  public HubEndpoint(TransportSettings settings, HubDispatcher dispatcher, HubMetrics metrics,
      ConnectionLifecycle lifecycle) {
    this(settings, HubLimits.defaults(), dispatcher, metrics, lifecycle);
  }

  public HubEndpoint(TransportSettings settings, HubLimits limits, HubDispatcher dispatcher, HubMetrics metrics,
      ConnectionLifecycle lifecycle) {
    this(settings, limits, HubTransports.defaults(), dispatcher, metrics, lifecycle);
  }

  public HubEndpoint(TransportSettings settings, HubLimits limits, HubTransports transports, HubDispatcher dispatcher,
      HubMetrics metrics, ConnectionLifecycle lifecycle) {
    this.transports = transports;
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

  /** Stateful reconnect: whether negotiate grants it, the replay bound and the grace period. */
  public void reconnect(ReconnectSettings settings) {
    if (settings == null) throw new IllegalArgumentException("settings == null");
    this.reconnect = settings;
  }

  ReconnectSettings reconnect() {
    return reconnect;
  }

  void resumable(String token, ClientConnection connection) {
    if (token != null) resumable.put(token, connection);
  }

  /** The stateful connection holding {@code token}, attached or waiting for its client; else null. */
  ClientConnection resumable(String token) {
    return token == null ? null : resumable.get(token);
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

  HubTransports transports() {
    return transports;
  }

  /** The Server-Sent Events and Long Polling connections, by token. */
  HttpConnections httpConnections() {
    return httpConnections;
  }

  void attached(TransportConnection connection) {
    sockets.add(connection);
  }

  void opened(TransportConnection connection) {
    metrics.connectionOpened();
    LOG.debug("[{}] connected from {} ({})", connection.id(), connection.info().remoteIp(), connection.info().protocol());
    lifecycle.opened(connection);
  }

  void closed(TransportConnection connection, String token, CloseReason reason, String error) {
    if (!sockets.remove(connection)) return;
    if (token != null) resumable.remove(token, connection);
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
    for (TransportConnection c : sockets) c.sweep(now, settings);
    httpConnections.forgetFinished(now - settings.clientTimeout().toNanos());
  }

  /** Closes every client, telling each why. */
  public void closeAll(CloseReason reason, String error) {
    for (TransportConnection c : sockets) c.close(reason, error);
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

  /** Long polls waiting for a message, for tests to line up with. */
  public long waitingPolls() {
    return sockets.stream().filter(c -> c instanceof LongPollingConnection lp && lp.isWaiting()).count();
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
