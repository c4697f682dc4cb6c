package io.hubscope.hub.pipeline;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;

/** Told when a connection (direct or logical) opens and closes. */
public interface DisconnectionMiddleware {

  default void onConnected(HubConnection connection) {}

  void onDisconnected(HubConnection connection, CloseReason reason, String error);
}
