package io.hubscope.hub.vm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of one list touched since the last drain, each with whether it existed when first
 * touched. Comparing that with the list at drain time gives the net effect per key (add, update,
 * remove or nothing), so any sequence of operations reaches the client as one consistent delta.
 */
final class ListDelta {

  /** A touched key: its value as the item carries it (sent back in {@code _remove}) and its prior presence. */
  record Touch(Object rawKey, boolean existed) {}

  private final ListProperty<?> list;
  private final Map<String, Touch> touched = new LinkedHashMap<>();
  private boolean reset;

  ListDelta(ListProperty<?> list) {
    this.list = list;
  }

  ListProperty<?> list() {
    return list;
  }

  void touch(String key, Object rawKey, boolean existed) {
    if (!reset) touched.putIfAbsent(key, new Touch(rawKey, existed));
  }

  /** The whole list was replaced: the drain sends it in full instead of per-item operations. */
  void reset() {
    reset = true;
    touched.clear();
  }

  boolean isReset() {
    return reset;
  }

  Map<String, Touch> touched() {
    return touched;
  }
}
