package io.hubscope.hub.connection;

import java.util.Map;

/**
 * A client connection as the hub sees it: a direct WebSocket client, or a logical connection for a
 * client held by a forwarding proxy. View models and middlewares cannot tell the two apart.
 */
public interface HubConnection {

  default String id() {
    return info().id();
  }

  ConnectionInfo info();

  /** Per-connection state shared by middlewares and view models (dotNetify's CallerContext.Items). */
  Map<String, Object> items();

  /**
   * Queues a message for this connection; never blocks, safe from any thread. False when the
   * connection is already closing and nothing was queued (so whoever counts deliveries can tell).
   */
  boolean send(PreparedMessage message);

  /** Closes the connection; a direct client first receives a Close message with {@code error}. */
  void close(CloseReason reason, String error);

  /** The pooled connection from a proxy that carries this logical connection, or null for a direct client. */
  default PooledConnection pooledConnection() {
    return null;
  }
}
