package io.hubscope.hub.connection;

import java.util.Collection;

/**
 * A pooled connection from a forwarding proxy, carrying many clients' logical connections. Sends to
 * several of those clients cross it once and the proxy fans them out; group membership is mirrored
 * on the proxy for that.
 */
public interface PooledConnection {

  void sendToMany(Collection<String> connectionIds, PreparedMessage message);

  void sendToGroup(String group, Collection<String> excludedConnectionIds, PreparedMessage message);

  void addToGroup(String connectionId, String group);

  void removeFromGroup(String connectionId, String group);
}
