package io.hubscope.forward.upstream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups of one pooled connection's clients, as the app server announces them. A group send
 * arrives once per pooled connection and goes to the members pinned to that connection, so each
 * client gets it exactly once and in order with everything else sent to it.
 */
final class GroupMirror {

  private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> groupsOf = new ConcurrentHashMap<>();

  void add(String connectionId, String group) {
    members.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(connectionId);
    groupsOf.computeIfAbsent(connectionId, c -> ConcurrentHashMap.newKeySet()).add(group);
  }

  void remove(String connectionId, String group) {
    members.computeIfPresent(group, (g, ids) -> {
      ids.remove(connectionId);
      return ids.isEmpty() ? null : ids;
    });
    Set<String> groups = groupsOf.get(connectionId);
    if (groups != null) groups.remove(group);
  }

  void removeAll(String connectionId) {
    Set<String> groups = groupsOf.remove(connectionId);
    if (groups == null) return;
    for (String group : groups) remove(connectionId, group);
  }

  Set<String> members(String group) {
    Set<String> ids = members.get(group);
    return ids == null ? Set.of() : ids;
  }

  List<String> groups() {
    return List.copyOf(members.keySet());
  }

  void clear() {
    members.clear();
    groupsOf.clear();
  }
}
