package io.hubscope.hub.boot.tap;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;
import io.hubscope.tap.metrics.MicrometerTapMetrics;
import io.hubscope.tap.metrics.TapMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Mirrors this node's clients to the observer when {@code hubscope.tap.url} is set and
 * tap-middleware is on the class path. On a proxy (an app with a {@link ForwardingMiddleware}) the
 * tap also sees the pushes the proxy delivers for the app server; on an app server it sees its
 * direct clients, leaving clients behind proxies to their proxies' taps and the proxies' pooled
 * connections (recognised by the app's {@link ForwardReceiver}) out altogether.
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
      ObjectProvider<ForwardingMiddleware> forwarding, ObjectProvider<ForwardReceiver> receivers,
      @Value("${server.port:8080}") int port) {
    ForwardingMiddleware forwarder = forwarding.getIfAvailable();
    String role = forwarder == null ? "app" : "proxy";
    NodeIdentity node = NodeIdentity.onThisHost(role, properties.nodeNameOr(role), port);
    MeterRegistry registry = meters.getIfAvailable();
    TapOptions.Builder options = properties.options(node)
        .metrics(registry == null ? TapMetrics.NOOP : new MicrometerTapMetrics(registry));
    // On an app server behind proxies, the proxies' pooled connections are links, not clients:
    // mirroring them would add pool-size connections per proxy to the dashboard.
    ForwardReceiver receiver = receivers.getIfAvailable();
    if (receiver != null) options.notClients(receiver::isProxyConnection);
    Tap tap = new Tap(options.build());
    // The pushes a proxy delivers come from the app server and never pass its hub's response middlewares.
    if (forwarder != null) forwarder.observeDeliveries(tap);
    return tap.start();
  }
}
