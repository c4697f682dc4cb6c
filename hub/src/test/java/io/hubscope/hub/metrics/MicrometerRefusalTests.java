package io.hubscope.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.limit.Limit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerRefusalTests {

  @Test
  void refused_isCountedPerLimit_andEveryLimitIsRegisteredFromTheStart() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerHubMetrics metrics = new MicrometerHubMetrics(registry);
    for (Limit limit : Limit.values()) {
      assertThat(registry.get("hubscope.hub.refused").tag("limit", limit.tag()).counter().count()).isZero();
    }
    metrics.refused(Limit.CONNECTIONS_PER_IP);
    metrics.refused(Limit.CONNECTIONS_PER_IP);
    assertThat(registry.get("hubscope.hub.refused").tag("limit", "connections_per_ip").counter().count()).isEqualTo(2);
    assertThat(registry.get("hubscope.hub.refused").counters()).hasSize(Limit.values().length);
  }
}
