package io.hubscope.hub.boot;

import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.metrics.MicrometerHubMetrics;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.ExceptionMiddleware;
import io.hubscope.hub.pipeline.Middleware;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.vm.VMRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/**
 * Serves a {@link HubServer} in a Spring Boot WebFlux app: built from {@link HubProperties}, with the
 * app's {@link VMRegistry} (if it declares one), its middleware beans, Micrometer metrics, and any
 * {@link HubServerCustomizer} beans (how features such as forwarding or the tap plug in).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HubProperties.class)
public class HubAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  HubServer hubServer(HubProperties properties, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<VMRegistry> viewModels, ObjectProvider<Middleware> middlewares,
      ObjectProvider<ResponseMiddleware> responseMiddlewares,
      ObjectProvider<DisconnectionMiddleware> disconnectionMiddlewares,
      ObjectProvider<ExceptionMiddleware> exceptionMiddlewares,
      ObjectProvider<HubServerCustomizer> customizers) {
    MeterRegistry registry = meters.getIfAvailable();
    HubServerBuilder builder = HubServer.builder()
        .metrics(registry == null ? HubMetrics.NOOP : new MicrometerHubMetrics(registry));
    properties.applyTo(builder);
    viewModels.ifAvailable(vms -> builder.viewModels(ViewModels.of(vms)));
    middlewares.orderedStream().forEach(builder::middleware);
    responseMiddlewares.orderedStream().forEach(builder::responseMiddleware);
    disconnectionMiddlewares.orderedStream().forEach(builder::disconnectionMiddleware);
    exceptionMiddlewares.orderedStream().forEach(builder::exceptionMiddleware);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean(name = "hubWebFilter")
  WebFilter hubWebFilter(HubServer hub) {
    return hub.webFilter();
  }
}
