package io.hubscope.hub.redis;

/**
 * What a {@link RedisHubCluster} counts. Operations are a fixed, low-cardinality set of names.
 * {@link #NOOP} by default; {@link MicrometerClusterMetrics} for Micrometer.
 */
public interface ClusterMetrics {

  /** Operations a failure is counted under. */
  enum Operation {
    JOIN, UPDATE, PUBLISH, RENEW, ACQUIRE, CONNECT;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A call or Redis command failed: the caller got an error, or the work is retried on the next tick. */
  void failed(Operation operation);

  /** This server became the owner of a shared view model. */
  void leaseAcquired();

  /** This server stopped owning one without releasing it (lost, expired or taken over). */
  void leaseLost();

  /** A message dropped because it came from, or would have gone out from, an owner that is no longer one. */
  void stale();

  /** Members on another server dropped because that server no longer listens. */
  void evicted(int members);

  ClusterMetrics NOOP = new ClusterMetrics() {
    @Override public void failed(Operation operation) {}
    @Override public void leaseAcquired() {}
    @Override public void leaseLost() {}
    @Override public void stale() {}
    @Override public void evicted(int members) {}
  };
}
