package io.hubscope.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.boot.HubServerCustomizer;
import io.hubscope.hub.redis.RedisHubCluster;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cluster exists only with a Redis URL; an empty one (application.yml's default) is none. */
class ClusterConfigurationTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ClusterProperties.class)
  static class Meters {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(Meters.class, ClusterConfiguration.class);

  @Test
  void noRedisUrl_noClusterBeans() {
    runner.run(context -> assertThat(context).doesNotHaveBean(RedisHubCluster.class)
        .doesNotHaveBean(HubServerCustomizer.class).doesNotHaveBean(ClusterHealthIndicator.class));
    runner.withPropertyValues("hubscope.cluster.redis-url=").run(context ->
        assertThat(context).doesNotHaveBean(RedisHubCluster.class));
  }

  @Test
  void redisUrl_clusterWithTheConfiguredServerId() {
    runner.withPropertyValues("hubscope.cluster.redis-url=redis://127.0.0.1:6379",
        "hubscope.cluster.server-id=app-1").run(context -> {
          assertThat(context).hasSingleBean(RedisHubCluster.class).hasSingleBean(ClusterHealthIndicator.class);
          assertThat(context.getBean(RedisHubCluster.class).serverId()).isEqualTo("app-1");
        });
  }
}
