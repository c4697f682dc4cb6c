package io.hubscope.hub.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link ClusterMetrics} as {@code hubscope.cluster.*} meters: {@code failures{operation}},
 * {@code leases.acquired}, {@code leases.lost}, {@code stale}, {@code members.evicted}, and with
 * {@link #bind} the gauges {@code available} (1 when Redis is reachable) and {@code leases.owned}.
 */
public final class MicrometerClusterMetrics implements ClusterMetrics {

  private final MeterRegistry registry;
  private final Map<Operation, Counter> failures = new EnumMap<>(Operation.class);
  private final Counter acquired;
  private final Counter lost;
  private final Counter stale;
  private final Counter evicted;

  public MicrometerClusterMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Operation operation : Operation.values()) {
      failures.put(operation, Counter.builder("hubscope.cluster.failures").tag("operation", operation.tag())
          .description("Cluster calls and Redis commands that failed").register(registry));
    }
    acquired = Counter.builder("hubscope.cluster.leases.acquired")
        .description("Shared view models this server became the owner of").register(registry);
    lost = Counter.builder("hubscope.cluster.leases.lost")
        .description("Shared view models this server stopped owning without releasing them").register(registry);
    stale = Counter.builder("hubscope.cluster.stale")
        .description("Messages dropped because they came from, or would have left, a former owner").register(registry);
    evicted = Counter.builder("hubscope.cluster.members.evicted")
        .description("Members dropped because their server no longer listens").register(registry);
  }

  /** Registers the gauges that read {@code cluster}. */
  public void bind(RedisHubCluster cluster) {
    Gauge.builder("hubscope.cluster.available", cluster, c -> c.available() ? 1 : 0)
        .description("1 when Redis is reachable, else 0").register(registry);
    Gauge.builder("hubscope.cluster.leases.owned", cluster, RedisHubCluster::ownedCount)
        .description("Shared view models this server owns now").register(registry);
  }

  @Override public void failed(Operation operation) { failures.get(operation).increment(); }
  @Override public void leaseAcquired() { acquired.increment(); }
  @Override public void leaseLost() { lost.increment(); }
  @Override public void stale() { stale.increment(); }
  @Override public void evicted(int members) { evicted.increment(members); }
}
