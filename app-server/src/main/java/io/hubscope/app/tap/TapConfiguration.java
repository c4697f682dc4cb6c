package io.hubscope.app.tap;

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
 * Clients behind proxies (logical connections) are left to their proxies' taps.
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
  Tap tap(TapProperties properties, MeterRegistry meters, @Value("${server.port:8081}") int port) {
    NodeIdentity node = NodeIdentity.onThisHost("app", properties.nodeName(), port);
    return new Tap(properties.options(node).metrics(new MicrometerTapMetrics(meters)).build()).start();
  }
}
