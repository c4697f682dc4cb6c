package io.hubscope.hub.cluster;

import io.hubscope.hub.connection.ConnectionInfo;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A connection's membership of a shared view model, as the owner needs it to run the member's
 * calls: who it is and what it requested the view model with.
 *
 * @param key the shared instance
 * @param connection the member's connection (on this server or another)
 * @param vmArg the request's {@code $vmArg}, or null
 * @param headers the request's {@code $headers}, or null
 * @param items the connection's items when it is on this server; null for a remote member (items
 *     are process-local and do not cross servers)
 */
public record SharedMember(
    SharedKey key, ConnectionInfo connection, JsonNode vmArg, JsonNode headers, Map<String, Object> items) {

  public SharedMember {
    if (key == null) throw new IllegalArgumentException("key == null");
    if (connection == null) throw new IllegalArgumentException("connection == null");
  }

  public String connectionId() {
    return connection.id();
  }
}
