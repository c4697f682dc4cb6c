package io.hubscope.app.hub;

import io.hubscope.hub.metrics.MicrometerHubMetrics;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.Middleware;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.transport.TransportSettings;
import io.hubscope.hub.vm.VMRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * Wires the hub library into the app: a {@link HubServer} built from {@link HubProperties}, the
 * registered view models and any middleware beans, served by a WebFlux filter at its path.
 * Other features customize the builder by declaring {@code Consumer<HubServerBuilder>} beans.
 */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

  @Bean(destroyMethod = "close")
  HubServer hubServer(HubProperties properties, VMRegistry viewModels, MeterRegistry meters,
      ObjectProvider<Middleware> middlewares, ObjectProvider<ResponseMiddleware> responseMiddlewares,
      ObjectProvider<DisconnectionMiddleware> disconnectionMiddlewares,
      ObjectProvider<Consumer<HubServerBuilder>> customizers) {
    TransportSettings settings = new TransportSettings(properties.maxMessageSize(), properties.maxBufferedBytes(),
        properties.keepAliveInterval(), properties.clientTimeout(), properties.handshakeTimeout(),
        TransportSettings.defaults().negotiateTokenTtl());
    HubServerBuilder builder = HubServer.builder()
        .path(properties.path())
        .settings(settings)
        .trustedProxies(properties.trustedProxies())
        .allowedOrigins(properties.allowedOrigins())
        .metrics(new MicrometerHubMetrics(meters))
        .viewModels(ViewModels.of(viewModels));
    middlewares.orderedStream().forEach(builder::middleware);
    responseMiddlewares.orderedStream().forEach(builder::responseMiddleware);
    disconnectionMiddlewares.orderedStream().forEach(builder::disconnectionMiddleware);
    customizers.orderedStream().forEach(c -> c.accept(builder));
    return builder.build();
  }

  @Bean
  WebFilter hubWebFilter(HubServer hub) {
    return hub.webFilter();
  }
}
