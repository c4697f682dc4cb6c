package io.hubscope.app.forward;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.redirect.AccessTokens;
import io.hubscope.forward.redirect.ProxyRedirectPolicy;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.hub.boot.HubServerCustomizer;
import io.hubscope.hub.server.HubServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets proxies that prove the shared secret forward their clients here (each becomes a logical
 * connection the view models see as a direct client; without a secret forwarding is off) and, with {@code hubscope.app.redirect-to-proxies}, sends new clients to the
 * least-loaded proxy.
 */
@Configuration(proxyBeanMethods = false)
class ForwardingConfiguration {

  @Bean
  ForwardReceiver forwardReceiver(ForwardingProperties properties, MeterRegistry meters) {
    ForwardReceiver receiver = ForwardReceiver.create(properties.secrets());
    Gauge.builder("hubscope.forward.logical.connections", receiver, ForwardReceiver::logicalConnections)
        .description("Clients held by proxies, attached here as logical connections").register(meters);
    Gauge.builder("hubscope.forward.proxies", receiver, r -> r.directory().proxies().size())
        .description("Connected forwarding proxies").register(meters);
    for (LinkProofs.Refusal reason : LinkProofs.Refusal.values()) {
      FunctionCounter.builder("hubscope.forward.proofs.refused", receiver, r -> r.refusedProofs(reason))
          .tag("reason", reason.tag())
          .description("Connections closed because the link proof they presented was refused").register(meters);
    }
    return receiver;
  }

  @Bean
  HubServerCustomizer forwardReceiving(ForwardReceiver receiver, ForwardingProperties properties) {
    if (properties.redirectToProxies() && properties.sharedSecret().isEmpty()) {
      throw new IllegalStateException("hubscope.app.redirect-to-proxies needs hubscope.app.shared-secret "
          + "(HUBSCOPE_APP_SHARED_SECRET, at least 16 characters, e.g. from: openssl rand -hex 24)");
    }
    return builder -> {
      receiver.installOn(builder);
      if (properties.redirectToProxies()) {
        builder.negotiatePolicy(new ProxyRedirectPolicy(receiver, new AccessTokens(properties.secrets()),
            properties.redirectTokenTtl()));
      }
    };
  }

  /** The receiver runs calls on the hub built with it; bind once every singleton exists. */
  @Bean
  SmartInitializingSingleton forwardReceiverBinding(ForwardReceiver receiver, HubServer hub) {
    return () -> receiver.bind(hub);
  }
}
