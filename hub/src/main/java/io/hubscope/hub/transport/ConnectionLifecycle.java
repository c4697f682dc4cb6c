package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;

/** What the hub does when a client finishes its handshake and when it goes away. */
public interface ConnectionLifecycle {

  void opened(HubConnection connection);

  void closed(HubConnection connection, CloseReason reason, String error);
}
