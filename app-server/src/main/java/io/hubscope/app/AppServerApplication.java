package io.hubscope.app;

import io.hubscope.hub.boot.management.ManagementTokenConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The app server: the hub at {@code /dotnetify} with the demo view models. */
@SpringBootApplication
@Import(ManagementTokenConfiguration.class)
@ConfigurationPropertiesScan
public class AppServerApplication {

  public static void main(String[] args) {
    // One event loop per core: the hub does little per message, so more loops only add switching.
    if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
      System.setProperty("reactor.netty.ioWorkerCount", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
    SpringApplication.run(AppServerApplication.class, args);
  }
}
