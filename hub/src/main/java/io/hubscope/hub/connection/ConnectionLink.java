package io.hubscope.hub.connection;

import java.util.Collection;

/**
 * A link to a forwarding proxy that holds many clients. Sends to several of its clients cross the
 * link once and the proxy fans them out; group membership is mirrored on the proxy for that.
 */
public interface ConnectionLink {

  void sendToMany(Collection<String> connectionIds, PreparedMessage message);

  void sendToGroup(String group, Collection<String> excludedConnectionIds, PreparedMessage message);

  void addToGroup(String connectionId, String group);

  void removeFromGroup(String connectionId, String group);
}
