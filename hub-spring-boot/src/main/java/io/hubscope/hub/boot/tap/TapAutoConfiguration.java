package io.hubscope.hub.boot.tap;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.hub.operations.HubOperations;
import io.hubscope.hub.server.HubServer;
import io.hubscope.tap.HubCommandHandler;
import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;
import io.hubscope.tap.metrics.MicrometerTapMetrics;
import io.hubscope.tap.metrics.TapMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Mirrors this node's clients to the observer when {@code hubscope.tap.url} is set and
 * tap-middleware is on the class path. Where the forwarding module is present too, a
 * {@link ForwardingTapPlacement} says whether the node is a proxy or an app server behind proxies.
 */
@AutoConfiguration
@ConditionalOnClass(Tap.class)
@ConditionalOnExpression("'${hubscope.tap.url:}' != ''")
@EnableConfigurationProperties(TapProperties.class)
public class TapAutoConfiguration {

  /**
   * The hub picks the tap up as middleware, response middleware and connection listener; first in
   * line, so it sees each call as the client sent it, before other middlewares change it (and
   * before a proxy's forwarder halts the pipeline).
   */
  @Bean(destroyMethod = "close")
  @Order(Ordered.HIGHEST_PRECEDENCE)
  Tap tap(TapProperties properties, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<TapPlacement> placements, @Value("${server.port:8080}") int port) {
    TapPlacement placement = placements.getIfAvailable(() -> TapPlacement.PLAIN_APP);
    String role = placement.role();
    NodeIdentity node = NodeIdentity.onThisHost(role, properties.nodeNameOr(role), port);
    MeterRegistry registry = meters.getIfAvailable();
    TapOptions.Builder options = properties.options(node)
        .metrics(registry == null ? TapMetrics.NOOP : new MicrometerTapMetrics(registry));
    placement.configure(options);
    Tap tap = new Tap(options.build());
    placement.attach(tap);
    return tap.start();
  }

  /**
   * The observer's commands, carried out on this node's hub (a proxy may also be drained). Wired
   * once every singleton exists: the tap is one of the hub's middlewares, so the hub comes after it.
   */
  @Bean
  SmartInitializingSingleton tapCommands(Tap tap, ObjectProvider<HubServer> hubs, TapProperties properties) {
    return () -> {
      HubServer hub = hubs.getIfAvailable();
      if (hub == null || !properties.commandsOn()) return;
      HubOperations operations = new HubOperations(hub, HubOperations.DEFAULT_MAX_PUSH_BYTES, tap.options().notClients());
      tap.acceptCommands(new HubCommandHandler(hub, operations, "proxy".equals(tap.options().node().role())));
    };
  }

  /** Only where the forwarding module is on the class path: a tap-only app never loads its types. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ForwardingMiddleware.class)
  static class Forwarding {

    @Bean
    TapPlacement forwardingTapPlacement(ObjectProvider<ForwardingMiddleware> forwarders,
        ObjectProvider<ForwardReceiver> receivers) {
      return new ForwardingTapPlacement(forwarders.getIfAvailable(), receivers.getIfAvailable());
    }
  }
}
