package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.SharedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owner side: the members on other servers of the view models this server owns, and where each
 * is, so their responses go to their server's inbox. Read from any thread that sends responses.
 */
final class RemoteMembers {

  /** One remote connection: its server and the shared view models it joined here. */
  record Member(String server, Set<SharedKey> keys) {}

  private final Map<String, Member> members = new ConcurrentHashMap<>();
  /** The same by key, so a push asks "anyone remote?" without a walk. */
  private final Map<SharedKey, Set<String>> byKey = new ConcurrentHashMap<>();

  void add(String connectionId, String server, SharedKey key) {
    byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(connectionId);
    members.compute(connectionId, (id, m) -> {
      Member member = m != null && m.server.equals(server) ? m : new Member(server, ConcurrentHashMap.newKeySet());
      member.keys.add(key);
      return member;
    });
  }

  void remove(String connectionId, SharedKey key) {
    byKey.computeIfPresent(key, (k, ids) -> {
      ids.remove(connectionId);
      return ids.isEmpty() ? null : ids;
    });
    members.computeIfPresent(connectionId, (id, m) -> {
      m.keys.remove(key);
      return m.keys.isEmpty() ? null : m;
    });
  }

  Member get(String connectionId) {
    return members.get(connectionId);
  }

  boolean contains(String connectionId) {
    return !members.isEmpty() && members.containsKey(connectionId);
  }

  /** The key {@code connectionId} joined for {@code vmId}, or null. */
  SharedKey keyOf(Member member, String vmId) {
    for (SharedKey key : member.keys) {
      if (key.vmId().equals(vmId)) return key;
    }
    return null;
  }

  /** The key {@code connectionId} joined with hub group {@code group}, or null. */
  SharedKey keyInGroup(Member member, String group) {
    for (SharedKey key : member.keys) {
      if (key.group().equals(group)) return key;
    }
    return null;
  }

  boolean hasMembers(SharedKey key) {
    return byKey.containsKey(key);
  }

  /** Forgets every member of {@code key} (this server no longer owns it). */
  void forget(SharedKey key) {
    Set<String> ids = byKey.get(key);
    if (ids != null) for (String id : List.copyOf(ids)) remove(id, key);
  }

  Set<String> servers() {
    Set<String> servers = new java.util.HashSet<>();
    members.values().forEach(m -> servers.add(m.server));
    return servers;
  }

  /** The connections of {@code server}, with their keys. */
  List<Map.Entry<String, Member>> of(String server) {
    List<Map.Entry<String, Member>> found = new ArrayList<>();
    members.forEach((id, m) -> {
      if (m.server.equals(server)) found.add(Map.entry(id, m));
    });
    return found;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }
}
