package io.hubscope.proxy.forward;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.metrics.MicrometerForwardingMetrics;
import io.hubscope.forward.redirect.AccessTokenPolicy;
import io.hubscope.forward.redirect.AccessTokens;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.boot.HubServerCustomizer;
import io.hubscope.hub.server.HubServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the forwarding library into the proxy's hub: one forwarder to the app servers, a pool to
 * each (halt-pipeline on: every client call goes upstream), and, when required, the redirect-token
 * check on negotiate.
 */
@Configuration(proxyBeanMethods = false)
class ForwardingConfiguration {

  @Bean(destroyMethod = "close")
  ForwardingMiddleware forwardingMiddleware(ProxyProperties properties, MeterRegistry meters) {
    ForwardingOptions options = properties.options().metrics(new MicrometerForwardingMetrics(meters)).build();
    return new ForwardingMiddleware(properties.upstreamHubUrls(), options).start();
  }

  @Bean
  HubServerCustomizer redirectTokenCheck(ProxyProperties properties) {
    if (properties.requireToken() && !properties.hasSharedSecret()) {
      throw new IllegalStateException("hubscope.proxy.require-token needs hubscope.proxy.shared-secret");
    }
    // The forwarder itself is a Middleware and DisconnectionMiddleware bean, which the hub's
    // auto-configuration adds in bean order (after the tap, which must see calls first).
    // The tokens' audience is this proxy's node name, as forwarding resolves it (default included).
    String audience = properties.options().build().nodeName();
    return builder -> {
      if (properties.requireToken()) {
        builder.negotiatePolicy(new AccessTokenPolicy(
            new AccessTokens(SharedSecrets.of(properties.sharedSecret(), properties.previousSharedSecrets())),
            audience));
      }
    };
  }

  /** A drained proxy tells the app server, whose negotiate redirect then sends no one here. */
  @Bean
  SmartInitializingSingleton drainReporting(ForwardingMiddleware forwarding, HubServer hub) {
    return () -> forwarding.reportDraining(hub::draining);
  }

  @Bean
  UpstreamHealthIndicator upstreamHealthIndicator(ForwardingMiddleware forwarding) {
    return new UpstreamHealthIndicator(forwarding.upstreams());
  }
}
