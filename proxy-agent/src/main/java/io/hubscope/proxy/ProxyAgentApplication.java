package io.hubscope.proxy;

import io.hubscope.hub.boot.management.ManagementTokenConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * A forwarding proxy: holds clients' connections at {@code /dotnetify} and forwards their calls
 * over a small pool of persistent connections to the app server.
 */
@SpringBootApplication
@Import(ManagementTokenConfiguration.class)
@ConfigurationPropertiesScan
public class ProxyAgentApplication {

  public static void main(String[] args) {
    // One event loop per core: a proxy does little per message, so more loops only add switching.
    if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
      System.setProperty("reactor.netty.ioWorkerCount", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
    SpringApplication.run(ProxyAgentApplication.class, args);
  }
}
