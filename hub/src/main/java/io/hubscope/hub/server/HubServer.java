package io.hubscope.hub.server;

import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionRegistry;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.group.GroupManager;
import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.Pipeline;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.transport.ClientAddresses;
import io.hubscope.hub.transport.ConnectionLifecycle;
import io.hubscope.hub.transport.CrossOrigin;
import io.hubscope.hub.transport.HubEndpoint;
import io.hubscope.hub.transport.HubWebFilter;
import io.hubscope.hub.transport.WebSocketUpgrade;
import io.hubscope.hub.vm.VMResponder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.WebFilter;

/**
 * One hub: its path, connections (direct and logical), groups, middleware pipeline and view models.
 * Register {@link #webFilter()} in a WebFlux application to serve it; call {@link #close()} on
 * shutdown so every client is told why it is being disconnected.
 */
public final class HubServer implements ConnectionLifecycle, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

  private final String path;
  private final ConnectionRegistry connections = new ConnectionRegistry();
  private final GroupManager groups;
  private final HubResponder responder;
  private final ViewModelHandler viewModels;
  private final HubDispatcher dispatcher;
  private final List<DisconnectionMiddleware> disconnectionMiddlewares;
  private final HubMetrics metrics;
  private final HubEndpoint endpoint;
  private final HubWebFilter webFilter;
  private final ScheduledExecutorService sweeper;
  private final HubCluster cluster;

  HubServer(HubServerBuilder b) {
    this.path = b.path;
    this.metrics = b.metrics;
    this.groups = new GroupManager(connections, b.limits.maxGroupsPerConnection(), metrics);
    this.responder = new HubResponder(connections, groups, b.responseMiddlewares);
    this.cluster = b.cluster;
    if (cluster == null) {
      this.viewModels = b.viewModels.apply(responder);
    } else {
      groups.relayTo((group, excluded, message) -> {
        if (message.message() instanceof InvocationMessage invocation) cluster.groupSent(group, excluded, invocation);
      });
      this.viewModels = b.viewModels.apply(new ClusteredResponder(responder, cluster));
      if (!(viewModels instanceof ViewModels runtime)) {
        throw new IllegalStateException("a cluster shares the view models of ViewModels.of(..); none are set");
      }
      cluster.start(new ClusterBinding(runtime.runtime().cluster(cluster), responder, groups));
    }
    ViewModelHandler limited = new ViewModelLimit(viewModels, b.limits.maxViewModelsPerConnection(), responder, metrics);
    this.dispatcher = new HubDispatcher(new Pipeline(b.middlewares, b.exceptionMiddlewares), limited,
        b.methods, b.decodedMethods, metrics, b.mapper);
    this.disconnectionMiddlewares = List.copyOf(b.disconnectionMiddlewares);
    this.endpoint = new HubEndpoint(b.settings, b.limits, b.transports, dispatcher, metrics, this);
    endpoint.reconnect(b.reconnect);
    var upgrade = new WebSocketUpgrade(b.settings.maxFramePayload());
    this.webFilter = new HubWebFilter(path, endpoint, b.policy, new ClientAddresses(b.trustedProxies),
        new HandshakeWebSocketService(upgrade), new CrossOrigin(b.allowedOrigins));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubscope-sweeper" + path.replace('/', '-'));
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  public static HubServerBuilder builder() {
    return new HubServerBuilder();
  }

  /** Serves negotiate and the transports at this hub's path; register it as a WebFlux WebFilter bean. */
  public WebFilter webFilter() {
    return webFilter;
  }

  public String path() {
    return path;
  }

  /** Open connections, direct and logical. */
  public ConnectionRegistry connections() {
    return connections;
  }

  public GroupManager groups() {
    return groups;
  }

  /** Sends view-model responses from application code (the same path the view models use). */
  public VMResponder responder() {
    return responder;
  }

  public HubDispatcher dispatcher() {
    return dispatcher;
  }

  public HubEndpoint endpoint() {
    return endpoint;
  }

  public HubMetrics metrics() {
    return metrics;
  }

  /** Adds a connection that does not come through this hub's WebSocket, such as a logical one. */
  public boolean attach(HubConnection connection) {
    if (connections.get(connection.id()) != null) return false;
    metrics.connectionOpened();
    opened(connection);
    return true;
  }

  /** Removes a connection added with {@link #attach} and releases everything it held. */
  public void detach(HubConnection connection, CloseReason reason, String error) {
    if (connections.get(connection.id()) != connection) return;
    metrics.connectionClosed(reason);
    closed(connection, reason, error);
  }

  @Override
  public void opened(HubConnection connection) {
    if (!connections.add(connection)) {
      LOG.warn("[{}] duplicate connection id refused", connection.id());
      connection.close(CloseReason.PROTOCOL_ERROR, "Connection ID is already in use");
      return;
    }
    for (DisconnectionMiddleware m : disconnectionMiddlewares) {
      try {
        m.onConnected(connection);
      } catch (RuntimeException e) {
        LOG.warn("[{}] connection middleware failed", connection.id(), e);
      }
    }
  }

  @Override
  public void closed(HubConnection connection, CloseReason reason, String error) {
    if (!connections.remove(connection)) return;
    groups.removeAll(connection.id());
    try {
      viewModels.disconnected(connection.id());
    } catch (RuntimeException e) {
      LOG.warn("[{}] disposing view models failed", connection.id(), e);
    }
    for (DisconnectionMiddleware m : disconnectionMiddlewares) {
      try {
        m.onDisconnected(connection, reason, error);
      } catch (RuntimeException e) {
        LOG.warn("[{}] disconnection middleware failed", connection.id(), e);
      }
    }
  }

  private void sweep() {
    try {
      endpoint.sweep();
    } catch (RuntimeException e) {
      LOG.warn("connection sweep failed", e);
    }
  }

  /** The view-model handler (a {@link ViewModels} when the hub runs the dotNetify runtime). */
  public ViewModelHandler viewModels() {
    return viewModels;
  }

  /**
   * Drains this node for a rolling deploy: negotiate refuses new clients (503, counted as
   * {@code refused{limit=draining}}) and the WebSocket clients are closed with a reconnect hint,
   * spread evenly over {@code spread}. Returns how many clients are asked to move. Logical
   * connections are not touched: their proxies hold them.
   */
  public int drain(Duration spread) {
    int clients = endpoint.drain(spread, sweeper);
    LOG.info("draining {}: asking {} clients to move over {}", path, clients, spread);
    return clients;
  }

  /** Ends a {@link #drain}: new clients are taken again. */
  public void undrain() {
    endpoint.undrain();
    LOG.info("{} takes new clients again (undrained)", path);
  }

  public boolean draining() {
    return endpoint.draining();
  }

  /** Closes every client with a server-shutdown reason and stops the timers. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    viewModels.close();
    if (cluster != null) cluster.close();
    endpoint.closeAll(CloseReason.SERVER_SHUTDOWN, "Server is shutting down");
    for (HubConnection c : connections.all()) {
      if (c.pooledConnection() != null) c.close(CloseReason.SERVER_SHUTDOWN, "Server is shutting down");
    }
  }
}
