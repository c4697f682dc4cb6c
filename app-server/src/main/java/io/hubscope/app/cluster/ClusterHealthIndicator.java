package io.hubscope.app.cluster;

import io.hubscope.hub.redis.RedisHubCluster;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN while Redis is unreachable: shared view models and cross-server groups fail then, so the
 * server should not take new clients (it is in the readiness group). Shown as {@code cluster}.
 */
class ClusterHealthIndicator implements HealthIndicator {

  private final RedisHubCluster cluster;

  ClusterHealthIndicator(RedisHubCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public Health health() {
    Health.Builder health = cluster.available() ? Health.up() : Health.down();
    return health.withDetail("serverId", cluster.serverId())
        .withDetail("ownedViewModels", cluster.ownedCount())
        .build();
  }
}
