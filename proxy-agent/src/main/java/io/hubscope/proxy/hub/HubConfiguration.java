package io.hubscope.proxy.hub;

import io.hubscope.hub.metrics.MicrometerHubMetrics;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.transport.TransportSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * The client-facing hub: no view models of its own; features (forwarding) plug into the builder by
 * declaring {@code Consumer<HubServerBuilder>} beans, as in the app server.
 */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

  @Bean(destroyMethod = "close")
  HubServer hubServer(HubProperties properties, MeterRegistry meters,
      ObjectProvider<Consumer<HubServerBuilder>> customizers) {
    TransportSettings settings = new TransportSettings(properties.maxMessageSize(), properties.maxBufferedBytes(),
        properties.keepAliveInterval(), properties.clientTimeout(), properties.handshakeTimeout(),
        TransportSettings.defaults().negotiateTokenTtl());
    HubServerBuilder builder = HubServer.builder()
        .path(properties.path())
        .settings(settings)
        .trustedProxies(properties.trustedProxies())
        .allowedOrigins(properties.allowedOrigins())
        .metrics(new MicrometerHubMetrics(meters));
    customizers.orderedStream().forEach(c -> c.accept(builder));
    return builder.build();
  }

  @Bean
  WebFilter hubWebFilter(HubServer hub) {
    return hub.webFilter();
  }
}
