package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.redis.ClusterMetrics.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The leases this server holds, and until when it may act on each. An owner acts on a lease only
 * for 80% of its ttl after its last renewal began, so one that cannot renew (Redis down, a GC pause,
 * a partition) stops before the lease can expire and another server take it (fencing). Read from
 * any thread that sends a response; changed on the cluster loop.
 */
final class OwnedLeases {

  private static final class Ownership {
    final Lease lease;
    volatile long validUntilNanos;

    Ownership(Lease lease, long validUntilNanos) {
      this.lease = lease;
      this.validUntilNanos = validUntilNanos;
    }

    boolean valid() {
      return System.nanoTime() - validUntilNanos < 0;
    }
  }

  private final Map<SharedKey, Ownership> owned = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final long validNanos;
  private final ClusterMetrics metrics;

  OwnedLeases(Duration ttl, ClusterMetrics metrics) {
    this.ttl = ttl;
    this.validNanos = ttl.toNanos() * 8 / 10;
    this.metrics = metrics;
  }

  /** Records a lease just taken; false when it was already held. */
  boolean took(SharedKey key, Lease lease) {
    if (owned.putIfAbsent(key, new Ownership(lease, System.nanoTime() + validNanos)) != null) return false;
    metrics.leaseAcquired();
    return true;
  }

  boolean holds(SharedKey key) {
    return owned.containsKey(key);
  }

  /** The lease of {@code key} while this server may still act on it; null otherwise. */
  Lease valid(SharedKey key) {
    Ownership ownership = owned.get(key);
    return ownership != null && ownership.valid() ? ownership.lease : null;
  }

  /** The lease this server holds for {@code key}, valid or not; null when none. */
  Lease held(SharedKey key) {
    Ownership ownership = owned.get(key);
    return ownership == null ? null : ownership.lease;
  }

  /** Forgets {@code key} (released or lost); returns its lease, or null when it was not held. */
  Lease remove(SharedKey key) {
    Ownership ownership = owned.remove(key);
    return ownership == null ? null : ownership.lease;
  }

  int count() {
    return owned.size();
  }

  /** Renews every lease (blocking: loop only); {@code lost} gets those that must stop here, and why. */
  void renew(RedisLink link, BiConsumer<SharedKey, String> lost) {
    for (Map.Entry<SharedKey, Ownership> entry : List.copyOf(owned.entrySet())) {
      SharedKey key = entry.getKey();
      Ownership ownership = entry.getValue();
      long start = System.nanoTime();
      try {
        if (link.renew(key, ownership.lease, ttl)) {
          ownership.validUntilNanos = start + validNanos;
        } else {
          lost.accept(key, "its lease was taken or expired");
        }
      } catch (Exception e) {
        metrics.failed(Operation.RENEW);
        if (!ownership.valid()) lost.accept(key, "it could not renew its lease in time (" + e.getMessage() + ")");
      }
    }
  }

  /** Releases every lease (leaving the cluster) and forgets them. */
  void releaseAll(RedisLink link) {
    owned.forEach((key, ownership) -> link.release(key, ownership.lease));
    owned.clear();
  }
}
