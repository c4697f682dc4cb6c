package io.hubscope.app.tap;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.Tap;
import io.hubscope.tap.metrics.MicrometerTapMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Mirrors the app server's direct clients to the observer when {@code hubscope.tap.url} is set.
 * Clients behind proxies (logical connections) are left to their proxies' taps, and the proxies'
 * pooled connections are not clients at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hubscope.tap.url:}' != ''")
class TapConfiguration {

  /**
   * The hub picks the tap up as middleware, response middleware and connection listener; first in
   * line, so it sees each call as the client sent it, before other middlewares change it.
   */
  @Bean(destroyMethod = "close")
  @Order(Ordered.HIGHEST_PRECEDENCE)
  Tap tap(TapProperties properties, MeterRegistry meters, ForwardReceiver receiver,
      @Value("${server.port:8081}") int port) {
    NodeIdentity node = NodeIdentity.onThisHost("app", properties.nodeName(), port);
    // The proxies' pooled connections are links, not clients: counting them would add pool-size
    // connections per proxy to the dashboard's active connections.
    return new Tap(properties.options(node).metrics(new MicrometerTapMetrics(meters))
        .notClients(receiver::isProxyConnection).build()).start();
  }
}
