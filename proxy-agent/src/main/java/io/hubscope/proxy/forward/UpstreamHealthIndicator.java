package io.hubscope.proxy.forward;

import io.hubscope.forward.upstream.UpstreamPool;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP only while at least one pooled connection to the app server is live: a proxy that cannot
 * forward should be taken out of rotation. Shown as {@code upstream} under {@code /actuator/health}.
 */
class UpstreamHealthIndicator implements HealthIndicator {

  private final UpstreamPool pool;

  UpstreamHealthIndicator(UpstreamPool pool) {
    this.pool = pool;
  }

  @Override
  public Health health() {
    int connected = pool.connected();
    Health.Builder health = connected > 0 ? Health.up() : Health.down();
    return health.withDetail("upstream", pool.url())
        .withDetail("connected", connected)
        .withDetail("poolSize", pool.size())
        .withDetail("pending", pool.pending())
        .withDetail("clients", pool.clients())
        .withDetail("nodeId", pool.nodeId())
        .build();
  }
}
