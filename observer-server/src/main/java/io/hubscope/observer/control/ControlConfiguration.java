package io.hubscope.observer.control;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator's control path: commands to the nodes over the tap links of the ingest hub. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ControlProperties.class)
class ControlConfiguration {

  @Bean
  TapLinks tapLinks() {
    return new TapLinks();
  }

  @Bean
  TapNodeControl nodeControl(TapLinks links, ControlProperties properties, MeterRegistry meters) {
    return new TapNodeControl(links, properties.commandTimeout(), properties.maxPendingPerNode(), meters);
  }
}
