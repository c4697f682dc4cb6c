package io.hubscope.proxy.tap;

import io.hubscope.forward.ForwardingMiddleware;
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
 * Mirrors this proxy's clients to the observer when {@code hubscope.tap.url} is set: their opens
 * and closes, their calls, and the pushes the proxy delivers to them for the app server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hubscope.tap.url:}' != ''")
class TapConfiguration {

  /**
   * The hub picks the tap up as middleware, response middleware and connection listener. First in
   * line: the forwarder halts the pipeline, so a middleware after it would see no calls.
   */
  @Bean(destroyMethod = "close")
  @Order(Ordered.HIGHEST_PRECEDENCE)
  Tap tap(TapProperties properties, MeterRegistry meters, ForwardingMiddleware forwarding,
      @Value("${server.port:8082}") int port) {
    NodeIdentity node = NodeIdentity.onThisHost("proxy", properties.nodeName(), port);
    Tap tap = new Tap(properties.options(node).metrics(new MicrometerTapMetrics(meters)).build());
    // The pushes a proxy delivers come from the app server and never pass its hub's response middlewares.
    forwarding.observeDeliveries(tap);
    return tap.start();
  }
}
