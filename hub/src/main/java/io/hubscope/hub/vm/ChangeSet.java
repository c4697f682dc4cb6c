package io.hubscope.hub.vm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Properties and list items changed since the last drain, in first-change order. Only names and
 * keys are recorded: values are read when draining, so repeated changes conflate and the latest
 * value wins. Not thread-safe: guarded by the owning view model's lock.
 */
final class ChangeSet {

  /** Property name to the {@link Property} itself or, for a list, its {@link ListDelta}. */
  private final Map<String, Object> entries = new LinkedHashMap<>();

  void property(Property<?> property) {
    entries.putIfAbsent(property.name(), property);
  }

  /** Drops a pending change (names are unique within a view model). */
  void forget(String name) {
    entries.remove(name);
  }

  ListDelta list(ListProperty<?> list) {
    return (ListDelta) entries.computeIfAbsent(list.name(), name -> new ListDelta(list));
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Returns the changes as wire entries (name to value, list suffix keys) and forgets them. */
  Map<String, Object> drain() {
    if (entries.isEmpty()) return Map.of();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object entry : entries.values()) {
      if (entry instanceof Property<?> property) {
        out.put(property.name(), property.get());
      } else {
        ListDelta delta = (ListDelta) entry;
        delta.list().writeDelta(delta, out);
      }
    }
    entries.clear();
    return out;
  }
}
