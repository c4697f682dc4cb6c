package io.hubscope.observer.control;

import io.hubscope.hub.connection.HubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live tap links, by node id: the ingest hub connection over which each node last sent a
 * batch. Every ingest connection presented the ingest token (the hub refuses the others at
 * negotiate), so these are the only links commands go out on. A connection speaks for one node at
 * a time (its latest batch's), so the map is bounded by the open ingest connections.
 */
public final class TapLinks {

  /** A node's link: its role as its batches say ({@code app} or {@code proxy}) and its connection. */
  public record Link(String nodeId, String role, HubConnection connection) {}

  static final int MAX_ID_CHARS = 200;

  private final Map<String, Link> byNode = new ConcurrentHashMap<>();
  private final Map<HubConnection, String> nodeOf = new ConcurrentHashMap<>();

  /**
   * Notes the node a batch came from on {@code connection}, by the id and role the batch gives
   * (either null when it gives none); cheap enough for the event loop.
   */
  public void seen(HubConnection connection, String id, String batchRole) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) return;
    Link known = byNode.get(id);
    String role = batchRole == null ? "unknown" : batchRole;
    if (known != null && known.connection() == connection && known.role().equals(role)) return;
    String previous = nodeOf.put(connection, id);
    if (previous != null && !previous.equals(id)) forget(previous, connection);
    byNode.put(id, new Link(id, role, connection));
  }

  /** Forgets a closed ingest connection's node (unless a newer connection of the node took over). */
  public void closed(HubConnection connection) {
    String id = nodeOf.remove(connection);
    if (id != null) forget(id, connection);
  }

  private void forget(String nodeId, HubConnection connection) {
    byNode.computeIfPresent(nodeId, (k, link) -> link.connection() == connection ? null : link);
  }

  public Link get(String nodeId) {
    return nodeId == null ? null : byNode.get(nodeId);
  }

  /** The links of every node with {@code role}. */
  public List<Link> withRole(String role) {
    List<Link> out = new ArrayList<>();
    for (Link l : byNode.values()) {
      if (l.role().equals(role)) out.add(l);
    }
    return out;
  }
}
