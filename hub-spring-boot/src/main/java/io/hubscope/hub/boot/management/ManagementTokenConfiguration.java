package io.hubscope.hub.boot.management;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts a hub node's actuator (all but health) behind {@link ManagementProperties#token()}. Not an
 * auto-configuration: an app opts in with {@code @Import(ManagementTokenConfiguration.class)}, as
 * the app server and the proxy agent do, so a host app keeps its own actuator security.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ManagementProperties.class)
public class ManagementTokenConfiguration {

  @Bean
  ManagementTokenFilter managementTokenFilter(ManagementProperties properties,
      @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
    return new ManagementTokenFilter(properties.token(), basePath);
  }

  @Bean
  MeterBinder managementTokenMeters(ManagementTokenFilter filter) {
    return registry -> FunctionCounter.builder("hubscope.management.refused", filter, ManagementTokenFilter::refused)
        .description("Actuator requests refused for a missing or wrong management token").register(registry);
  }
}
