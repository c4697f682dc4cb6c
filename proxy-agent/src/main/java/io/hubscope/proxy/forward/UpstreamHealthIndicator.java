package io.hubscope.proxy.forward;

import io.hubscope.forward.upstream.UpstreamPool;
import io.hubscope.forward.upstream.Upstreams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while at least one pooled connection to an app server is live: a proxy that cannot forward
 * should be taken out of rotation, and one that reaches some app servers still serves every client
 * (they move to the reachable ones). Shown as {@code upstream} under {@code /actuator/health}, with
 * the totals and each app server's pool in the details.
 */
class UpstreamHealthIndicator implements HealthIndicator {

  private final Upstreams upstreams;

  UpstreamHealthIndicator(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  @Override
  public Health health() {
    int connected = upstreams.connected();
    List<Map<String, Object>> pools = new ArrayList<>();
    for (UpstreamPool pool : upstreams.pools()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("url", pool.url());
      p.put("connected", pool.connected());
      p.put("poolSize", pool.size());
      p.put("pending", pool.pending());
      p.put("clients", pool.clients());
      pools.add(p);
    }
    Health.Builder health = connected > 0 ? Health.up() : Health.down();
    return health.withDetail("upstreams", pools)
        .withDetail("connected", connected)
        .withDetail("poolSize", upstreams.size())
        .withDetail("pending", upstreams.pending())
        .withDetail("clients", upstreams.clients())
        .withDetail("nodeId", upstreams.nodeId())
        .build();
  }
}
