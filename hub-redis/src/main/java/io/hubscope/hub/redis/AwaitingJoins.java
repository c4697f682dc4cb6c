package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.SharedKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Joins sent to an owner that was gone, by key and connection, each with the pending call that
 * answers it once the key's members move to the next owner. Not thread-safe: the cluster loop only.
 */
final class AwaitingJoins {

  private final Map<SharedKey, Map<String, Long>> calls = new HashMap<>();

  void await(SharedKey key, String connectionId, long call) {
    calls.computeIfAbsent(key, k -> new HashMap<>()).put(connectionId, call);
  }

  /** The call of {@code connectionId}'s join waiting for {@code key}'s next owner, no longer waiting; 0 when none. */
  long take(SharedKey key, String connectionId) {
    Map<String, Long> waiting = calls.get(key);
    Long call = waiting == null ? null : waiting.remove(connectionId);
    if (waiting != null && waiting.isEmpty()) calls.remove(key);
    return call == null ? 0 : call;
  }
}
