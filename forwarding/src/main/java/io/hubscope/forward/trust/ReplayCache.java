package io.hubscope.forward.trust;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proofs already used, each kept until it expires (after that the proof is refused as expired
 * anyway). Bounded: when full of unexpired entries it refuses new proofs rather than grow, which
 * only a flood of valid proofs (someone holding the key) could cause. Only computes: safe on an
 * event loop.
 */
final class ReplayCache {

  private final int capacity;
  private final Map<String, Long> used = new ConcurrentHashMap<>();

  ReplayCache(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
    this.capacity = capacity;
  }

  enum Outcome { FIRST_USE, REPLAYED, FULL }

  /** Records {@code nonce} as used until {@code expiresEpochSecond}, unless it already was. */
  Outcome use(String nonce, long expiresEpochSecond, long nowEpochSecond) {
    if (used.containsKey(nonce)) return Outcome.REPLAYED;
    if (used.size() >= capacity) {
      used.values().removeIf(expires -> expires < nowEpochSecond);
      if (used.size() >= capacity) return Outcome.FULL;
    }
    return used.putIfAbsent(nonce, expiresEpochSecond) == null ? Outcome.FIRST_USE : Outcome.REPLAYED;
  }

  boolean contains(String nonce) {
    return used.containsKey(nonce);
  }

  int size() {
    return used.size();
  }
}
