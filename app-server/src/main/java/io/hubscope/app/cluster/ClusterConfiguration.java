package io.hubscope.app.cluster;

import io.hubscope.hub.boot.HubServerCustomizer;
import io.hubscope.hub.redis.MicrometerClusterMetrics;
import io.hubscope.hub.redis.RedisClusterOptions;
import io.hubscope.hub.redis.RedisHubCluster;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code hubscope.cluster.redis-url}, this app server shares its multicast view models and
 * groups with the other app servers on that Redis (hub-redis). Without it nothing here exists and
 * the hub runs alone, as by default.
 */
@Configuration(proxyBeanMethods = false)
// An empty URL (the application.yml default) is "no cluster", which @ConditionalOnProperty would not see.
@ConditionalOnExpression("!'${hubscope.cluster.redis-url:}'.isBlank()")
class ClusterConfiguration {

  /** The hub closes it first (releasing this server's leases); closing it again does nothing. */
  @Bean
  RedisHubCluster hubCluster(ClusterProperties properties, MeterRegistry meters) {
    MicrometerClusterMetrics metrics = new MicrometerClusterMetrics(meters);
    RedisHubCluster cluster = new RedisHubCluster(RedisClusterOptions.builder(properties.redisUrl())
        .serverId(properties.serverId())
        .keyPrefix(properties.keyPrefix())
        .leaseTtl(properties.leaseTtl())
        .renewInterval(properties.renewInterval())
        .callTimeout(properties.callTimeout())
        .commandTimeout(properties.commandTimeout())
        .build(), metrics);
    metrics.bind(cluster);
    return cluster;
  }

  @Bean
  HubServerCustomizer clusterCustomizer(RedisHubCluster cluster) {
    return builder -> builder.cluster(cluster);
  }

  @Bean
  ClusterHealthIndicator clusterHealthIndicator(RedisHubCluster cluster) {
    return new ClusterHealthIndicator(cluster);
  }
}
