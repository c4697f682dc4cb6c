package io.hubscope.hub.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link ClusterMetrics} counted in memory, for assertions. */
final class InMemoryClusterMetrics implements ClusterMetrics {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  int failures(Operation operation) {
    return count("failed." + operation.tag());
  }

  int count(String name) {
    AtomicInteger n = counts.get(name);
    return n == null ? 0 : n.get();
  }

  private void add(String name, int n) {
    counts.computeIfAbsent(name, k -> new AtomicInteger()).addAndGet(n);
  }

  @Override public void failed(Operation operation) { add("failed." + operation.tag(), 1); }
  @Override public void leaseAcquired() { add("leases.acquired", 1); }
  @Override public void leaseLost() { add("leases.lost", 1); }
  @Override public void stale() { add("stale", 1); }
  @Override public void evicted(int members) { add("evicted", members); }
}
