package io.hubscope.app.demo;

import io.hubscope.hub.vm.VMRegistry;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the demo view models under the names dotNetify's load-test profiles use, and the demo
 * page's security headers.
 */
@Configuration(proxyBeanMethods = false)
class DemoViewModels {

  /**
   * Demo settings ({@code hubscope.demo.*}).
   *
   * @param stockInterval how often the stock ticker moves its prices
   */
  @ConfigurationProperties("hubscope.demo")
  record DemoProperties(@DefaultValue("1s") Duration stockInterval) {}

  @Bean
  VMRegistry viewModels(DemoProperties properties) {
    return new VMRegistry()
        .register("HelloWorld", HelloWorld::new)
        .registerMulticast("StockTicker", () -> new StockTicker(properties.stockInterval()))
        .registerMulticast("BroadcastVM", BroadcastVM::new)
        .register("EchoVM", EchoVM::new)
        .registerMulticast("SharedEchoVM", SharedEchoVM::new)
        .registerMulticast("ChatRoomVM", ChatRoomVM::roomOf, request -> new ChatRoomVM());
  }

  @Bean
  DemoPageHeaders demoPageHeaders() {
    return new DemoPageHeaders();
  }
}
