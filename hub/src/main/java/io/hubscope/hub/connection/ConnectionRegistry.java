package io.hubscope.hub.connection;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The open connections of one hub, direct and logical, by id. */
public final class ConnectionRegistry {

  private final ConcurrentMap<String, HubConnection> connections = new ConcurrentHashMap<>();

  /** Registers {@code connection}; false when its id is already taken. */
  public boolean add(HubConnection connection) {
    return connections.putIfAbsent(connection.id(), connection) == null;
  }

  public boolean remove(HubConnection connection) {
    return connections.remove(connection.id(), connection);
  }

  public HubConnection get(String id) {
    return id == null ? null : connections.get(id);
  }

  public int size() {
    return connections.size();
  }

  public Collection<HubConnection> all() {
    return Collections.unmodifiableCollection(connections.values());
  }
}
