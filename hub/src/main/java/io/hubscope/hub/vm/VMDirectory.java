package io.hubscope.hub.vm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link VMRuntime} holds, read-only: how many view models are alive, which connection holds
 * which. Operations, limits and tests ask here; it reads the runtime's own maps, so every answer is
 * current (and, the maps being concurrent, may change right after).
 */
public final class VMDirectory {

  private final Map<String, ConnectionVMs> connections;
  private final VMInstances instances;

  VMDirectory(Map<String, ConnectionVMs> connections, VMInstances instances) {
    this.connections = connections;
    this.instances = instances;
  }

  /** View-model instances alive now (private ones plus shared ones, each counted once). */
  public int liveInstanceCount() {
    return instances.liveCount();
  }

  /** Shared (multicast) instances alive now. */
  public int sharedInstanceCount() {
    return instances.sharedCount();
  }

  /** Connections holding (or having held) view models and not yet disconnected. */
  public int connectionCount() {
    return connections.size();
  }

  /** How many view models a connection holds (sub view models and masters each count). */
  public int vmCount(String connectionId) {
    ConnectionVMs conn = connections.get(connectionId);
    return conn == null ? 0 : conn.count();
  }

  /** Whether the connection holds {@code vmId}. */
  public boolean holds(String connectionId, String vmId) {
    ConnectionVMs conn = connections.get(connectionId);
    return conn != null && conn.holds(vmId);
  }

  /** The connections holding {@code vmId} (a walk over all connections: for operator actions, not hot paths). */
  public List<String> holders(String vmId) {
    List<String> ids = new ArrayList<>();
    connections.forEach((id, conn) -> {
      if (conn.holds(vmId)) ids.add(id);
    });
    return ids;
  }

  /** The view-model ids a connection holds, e.g. to re-establish them after an upstream loss. */
  public Set<String> vmIds(String connectionId) {
    ConnectionVMs conn = connections.get(connectionId);
    if (conn == null) return Set.of();
    if (conn.shared == null) return Set.copyOf(conn.vms.keySet());
    Set<String> ids = new HashSet<>(conn.vms.keySet());
    ids.addAll(conn.shared.keySet());
    return Set.copyOf(ids);
  }
}
