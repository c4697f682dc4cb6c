package io.hubscope.hub.group;

import io.hubscope.hub.connection.PooledConnection;
import io.hubscope.hub.connection.ConnectionRegistry;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.limit.LimitExceededException;
import io.hubscope.hub.metrics.HubMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Named groups of connections. A send reaches direct members frame by frame and crosses each
 * forwarding link once (the proxy mirrors membership and fans out to its own clients). A
 * connection is in at most {@code maxGroupsPerConnection} groups that {@link #add} put it in.
 */
public final class GroupManager {

  private final ConnectionRegistry registry;
  private final ConcurrentMap<String, Set<String>> members = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<String>> groupsOf = new ConcurrentHashMap<>();

  private final int maxGroupsPerConnection;
  private final HubMetrics metrics;
  /** Passes sends on to other servers; null on a single server. Set before the hub serves. */
  private GroupRelay relay;

  /** Where a group send also goes when groups span several servers. */
  @FunctionalInterface
  public interface GroupRelay {
    void relay(String group, Collection<String> excluded, PreparedMessage message);
  }

  public GroupManager(ConnectionRegistry registry) {
    this(registry, Integer.MAX_VALUE, HubMetrics.NOOP);
  }

  public GroupManager(ConnectionRegistry registry, int maxGroupsPerConnection, HubMetrics metrics) {
    if (maxGroupsPerConnection < 1) throw new IllegalArgumentException("maxGroupsPerConnection < 1: " + maxGroupsPerConnection);
    this.registry = registry;
    this.maxGroupsPerConnection = maxGroupsPerConnection;
    this.metrics = metrics;
  }

  /**
   * Adds the connection to {@code group} (application code, such as a hub method a client calls).
   *
   * @throws LimitExceededException when the connection is already in {@code maxGroupsPerConnection}
   *     groups; the refusal is counted, and a hub method that lets it through fails the call with it
   */
  public void add(String connectionId, String group) {
    requireGroup(group);
    Set<String> current = groupsOf.get(connectionId);
    if (current != null && current.size() >= maxGroupsPerConnection && !current.contains(group)) {
      metrics.refused(Limit.GROUPS_PER_CONNECTION);
      throw new LimitExceededException(Limit.GROUPS_PER_CONNECTION, "Connection is already in "
          + current.size() + " groups (limit " + maxGroupsPerConnection + "); leave one first");
    }
    join(connectionId, group);
  }

  /**
   * Adds the connection to a multicast view model's group. Never refused: the view-model limit
   * already bounds these (one group per shared view model at most); they count toward {@link #add}'s.
   */
  public void addForViewModel(String connectionId, String group) {
    requireGroup(group);
    join(connectionId, group);
  }

  private void join(String connectionId, String group) {
    boolean added = members.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(connectionId);
    groupsOf.computeIfAbsent(connectionId, c -> ConcurrentHashMap.newKeySet()).add(group);
    HubConnection connection = registry.get(connectionId);
    if (added && connection != null && connection.pooledConnection() != null) {
      connection.pooledConnection().addToGroup(connectionId, group);
    }
  }

  public void remove(String connectionId, String group) {
    requireGroup(group);
    boolean removed = removeMember(connectionId, group);
    Set<String> groups = groupsOf.get(connectionId);
    if (groups != null) groups.remove(group);
    HubConnection connection = registry.get(connectionId);
    if (removed && connection != null && connection.pooledConnection() != null) {
      connection.pooledConnection().removeFromGroup(connectionId, group);
    }
  }

  /** Drops a closed connection from all its groups (the proxy drops its own mirror itself). */
  public void removeAll(String connectionId) {
    Set<String> groups = groupsOf.remove(connectionId);
    if (groups == null) return;
    for (String group : groups) removeMember(connectionId, group);
  }

  /** Relays every {@link #send} to the group's members on other servers too; set once, before serving. */
  public void relayTo(GroupRelay relay) {
    if (relay == null) throw new IllegalArgumentException("relay == null");
    if (this.relay != null) throw new IllegalStateException("relay is already set");
    this.relay = relay;
  }

  /** Whether sends also go to other servers. */
  public boolean relayed() {
    return relay != null;
  }

  /**
   * Sends to every member but {@code excluded} (on other servers too when {@link #relayed()});
   * returns how many connections on this server it reaches.
   */
  public int send(String group, Collection<String> excluded, PreparedMessage message) {
    int recipients = deliver(group, excluded, message);
    if (relay != null) relay.relay(group, excluded, message);
    return recipients;
  }

  /** Sends to this server's members but {@code excluded}; returns how many connections it reaches. */
  public int deliver(String group, Collection<String> excluded, PreparedMessage message) {
    Set<String> ids = members.get(group);
    if (ids == null) return 0;
    Map<PooledConnection, Boolean> links = null;
    int recipients = 0;
    for (String id : ids) {
      if (!excluded.isEmpty() && excluded.contains(id)) continue;
      HubConnection connection = registry.get(id);
      if (connection == null) continue;
      recipients++;
      PooledConnection link = connection.pooledConnection();
      if (link == null) {
        connection.send(message);
      } else {
        if (links == null) links = new IdentityHashMap<>();
        links.put(link, Boolean.TRUE);
      }
    }
    if (links != null) {
      for (PooledConnection link : links.keySet()) link.sendToGroup(group, excluded, message);
    }
    return recipients;
  }

  /**
   * How many members of {@code group} are not in {@code excluded} (whose ids need not be members):
   * the recipients of a {@link #send}, counted before it. Allocates nothing. It walks
   * {@code excluded} when that is a set or a single id (the usual case: the sender), else the
   * members, so an id listed twice is not subtracted twice.
   */
  public int recipients(String group, Collection<String> excluded) {
    Set<String> ids = members.get(group);
    if (ids == null) return 0;
    if (excluded.isEmpty()) return ids.size();
    if (excluded instanceof Set || excluded.size() == 1) {
      int excludedMembers = 0;
      for (String id : excluded) {
        if (ids.contains(id)) excludedMembers++;
      }
      // A member leaving between the two reads must not make the count negative.
      return Math.max(0, ids.size() - excludedMembers);
    }
    int count = 0;
    for (String id : ids) {
      if (!excluded.contains(id)) count++;
    }
    return count;
  }

  public int size(String group) {
    Set<String> ids = members.get(group);
    return ids == null ? 0 : ids.size();
  }

  public List<String> groupsOf(String connectionId) {
    Set<String> groups = groupsOf.get(connectionId);
    return groups == null ? List.of() : new ArrayList<>(groups);
  }

  /** Number of non-empty groups, for leak checks. */
  public int groupCount() {
    return members.size();
  }

  private boolean removeMember(String connectionId, String group) {
    boolean[] removed = {false};
    members.computeIfPresent(group, (g, ids) -> {
      removed[0] = ids.remove(connectionId);
      return ids.isEmpty() ? null : ids;
    });
    return removed[0];
  }

  private static void requireGroup(String group) {
    if (group == null || group.isEmpty()) throw new IllegalArgumentException("group is empty");
  }
}
